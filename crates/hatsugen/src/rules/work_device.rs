//! `work_device.work_issued`: posting privately from a device the employer issued.

use super::{CodeRule, Out, RuleCx};
use crate::context::{Account, Channel, Device};

pub(crate) struct WorkDevice;

impl CodeRule for WorkDevice {
    fn id(&self) -> &'static str {
        "work_device.work_issued"
    }

    fn check(&self, cx: &RuleCx<'_>, out: &mut Out) {
        let ctx = cx.input.ctx;
        match ctx.device {
            None => cx.skip(out, &["device"]),
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
