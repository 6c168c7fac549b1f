//! `work_device.work_issued`: posting privately from a device the employer issued.

use super::{CodeRule, Out, RuleCx, RuleMeta};
use crate::context::{Account, Channel, Device};
use crate::context_field::ContextField;

pub(crate) struct WorkDevice;

pub(crate) static RULES: [WorkDevice; 1] = [WorkDevice];

static META: RuleMeta = RuleMeta {
    id: "work_device.work_issued",
    description: "A private post from a device the employer issued.",
    reads: &[ContextField::Device, ContextField::Channel, ContextField::Account],
    needs_condition: false,
    placeholders: &[],
    accept: false,
};

impl CodeRule for WorkDevice {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleCx<'_>, out: &mut Out) {
        let ctx = cx.input.ctx;
        match ctx.device {
            None => cx.skip(out, &[ContextField::Device]),
            Some(Device::Personal) => {}
            Some(Device::Work) => {
                let duty = ctx.channel == Some(Channel::Work) || ctx.account == Some(Account::Official);
                if !duty {
                    out.findings.push(cx.finding(Vec::new()));
                }
            }
        }
    }
}
