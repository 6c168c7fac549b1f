//! The `hatsugen` command, run as a user would.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, missing_docs)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn hatsugen(args: &[&str], stdin: Option<&[u8]>) -> Output {
    hatsugen_env(args, &[], stdin)
}

/// Runs the command with only these of the colour variables set (`NO_COLOR`,
/// `CLICOLOR_FORCE`, `CLICOLOR` are removed from the inherited environment first).
fn hatsugen_env(args: &[&str], env: &[(&str, &str)], stdin: Option<&[u8]>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hatsugen"));
    for var in ["NO_COLOR", "CLICOLOR_FORCE", "CLICOLOR"] {
        cmd.env_remove(var);
    }
    let mut child = cmd
        .envs(env.iter().copied())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(bytes) = stdin {
        input.write_all(bytes).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}
fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn tmp(name: &str, content: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("hatsugen-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p
}

#[test]
fn exit_codes_follow_the_verdict() {
    assert_eq!(hatsugen(&["check", "今日は良い天気ですね"], None).status.code(), Some(0));
    let warn = hatsugen(&["check", "拡散希望!駅前の銀行が倒産するらしい"], None);
    assert_eq!(warn.status.code(), Some(1), "{}", stdout(&warn));
    let block = hatsugen(&["check", "ここだけの話、人事異動の件"], None);
    assert_eq!(block.status.code(), Some(2));
}

#[test]
fn human_output_underlines_the_span_in_its_line() {
    let o = hatsugen(&["check", "--color", "never", "一行目\n昨日はバカな話をした"], None);
    let out = stdout(&o);
    assert!(out.contains("block[defamation.insult]"), "{out}");
    // Line 2, column 4 in characters.
    assert!(out.contains(" --> <post>:2:4\n"), "{out}");
    // 「昨日は」 is three wide characters: six columns before the four carets of 「バカ」.
    assert!(
        out.contains(
            "2 | 昨日はバカな話をした\n  |       ^^^^ The post insults or disparages a person or organisation.\n"
        ),
        "{out}"
    );
    assert!(out.contains("clause: 共通 §7"), "{out}");
    assert!(!out.contains('\x1b'), "no colour when asked for none");
    let colored = stdout(&hatsugen(&["check", "--color", "always", "バカ"], None));
    assert!(colored.contains("\x1b[1m\x1b[91mblock[defamation.insult]"), "{colored}");
    // A post read from a file is named by its path.
    let file = tmp("post.txt", "今日は\tバカな日".as_bytes());
    let out = stdout(&hatsugen(&["check", "--color", "never", "--file", file.to_str().unwrap()], None));
    assert!(out.contains(&format!(" --> {}:1:5\n", file.display())), "{out}");
    // The tab is four columns; the carets follow it.
    assert!(out.contains("1 | 今日は    バカな日\n  |           ^^^^ "), "{out}");
}

/// `--color auto` (the default) with the output a pipe: no colour unless `CLICOLOR_FORCE`
/// asks for it; `NO_COLOR` wins over `CLICOLOR_FORCE`; `--color always|never` win over both.
#[test]
fn colour_follows_no_color_and_clicolor_force() {
    let coloured = |args: &[&str], env: &[(&str, &str)]| {
        let o = hatsugen_env(args, env, None);
        assert!(o.status.code().is_some_and(|c| c <= 2), "{}", stderr(&o));
        stdout(&o).contains('\x1b')
    };
    for cmd in [&["check", "バカ"][..], &["fix", "--diff", "090-1234-5678"][..]] {
        let with = |extra: &[&'static str]| [cmd, extra].concat();
        assert!(!coloured(cmd, &[]), "{cmd:?}: a pipe gets no colour");
        assert!(coloured(cmd, &[("CLICOLOR_FORCE", "1")]), "{cmd:?}");
        assert!(!coloured(cmd, &[("NO_COLOR", "1")]), "{cmd:?}");
        assert!(!coloured(cmd, &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")]), "{cmd:?}");
        assert!(coloured(&with(&["--color", "always"]), &[("NO_COLOR", "1")]), "{cmd:?}");
        assert!(!coloured(&with(&["--color", "never"]), &[("CLICOLOR_FORCE", "1")]), "{cmd:?}");
        // An empty NO_COLOR is not set (no-color.org).
        assert!(coloured(cmd, &[("NO_COLOR", ""), ("CLICOLOR_FORCE", "1")]), "{cmd:?}");
    }
    // The same text either way, once the styles are taken out.
    let plain = stdout(&hatsugen_env(&["check", "バカ"], &[], None));
    let forced = stdout(&hatsugen_env(&["check", "バカ"], &[("CLICOLOR_FORCE", "1")], None));
    let stripped = forced.split('\x1b').enumerate().fold(String::new(), |mut acc, (i, part)| {
        acc.push_str(if i == 0 { part } else { part.split_once('m').map_or(part, |(_, rest)| rest) });
        acc
    });
    assert_eq!(stripped, plain);
}

#[test]
fn json_output_is_the_wire_report() {
    let o =
        hatsugen(&["check", "--format", "json", "--context", r#"{"device":"work","account":"personal"}"#, "ok"], None);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["verdict"], "block");
    assert_eq!(v["findings"][0]["rule"], "work_device.work_issued");
    assert_eq!(v["policy"]["id"], "jp-local-gov");
}

#[test]
fn text_from_stdin_and_file_context_from_file() {
    let o = hatsugen(&["check", "--format", "json"], Some("内部資料です".as_bytes()));
    assert_eq!(o.status.code(), Some(2));
    let post = tmp("post.txt", "会いたかった💕".as_bytes());
    let ctx = tmp("ctx.json", br#"{"channel":"work","audience":"group","recipients":50}"#);
    let o = hatsugen(
        &["check", "--format", "json", "--file", post.to_str().unwrap(), "--context", &format!("@{}", ctx.display())],
        None,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let rules: Vec<&str> = v["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["broadcast.many_recipients", "personal_in_work_channel.affection"]);
}

#[test]
fn bad_input_is_exit_65_with_a_clear_message() {
    let o = hatsugen(&["check", "--context", r#"{"status":"sleeping"}"#, "x"], None);
    assert_eq!(o.status.code(), Some(65));
    assert!(stderr(&o).contains("unknown variant `sleeping`"), "{}", stderr(&o));
    let o = hatsugen(&["check"], Some(b"\xff\xfe bad"));
    assert_eq!(o.status.code(), Some(65));
    assert!(stderr(&o).contains("not valid UTF-8"), "{}", stderr(&o));
    let policy = tmp("bad.toml", b"extends = \"builtin:jp-local-gov\"\n[rules.\"x.y\"]\n");
    let o = hatsugen(&["check", "--policy", policy.to_str().unwrap(), "x"], None);
    assert_eq!(o.status.code(), Some(65));
    assert!(stderr(&o).contains("bad.toml:2:"), "{}", stderr(&o));
    let big = tmp("big.toml", b"extends = \"builtin:jp-local-gov\"\n[limits]\nmax_text_bytes = 10\n");
    let o = hatsugen(&["check", "--policy", big.to_str().unwrap(), "0123456789ab"], None);
    assert_eq!(o.status.code(), Some(65));
    assert!(stderr(&o).contains("more than the limit of 10"), "{}", stderr(&o));
}

#[test]
fn usage_errors_are_exit_64() {
    assert_eq!(hatsugen(&["chekc"], None).status.code(), Some(64));
    assert_eq!(hatsugen(&["check", "--format", "xml", "x"], None).status.code(), Some(64));
    assert_eq!(hatsugen(&["check", "--builtin", "tokyo", "x"], None).status.code(), Some(64));
    assert_eq!(hatsugen(&["--help"], None).status.code(), Some(0));
}

#[test]
fn audit_keeps_order_reports_bad_lines_and_goes_on() {
    let mut input = String::new();
    for i in 0..300 {
        let text = if i % 3 == 0 { "ここだけの話、予算の件" } else { "良い天気" };
        input.push_str(&format!("{{\"id\":{i},\"text\":\"{text}\"}}\n"));
        if i == 150 {
            input.push_str("{not json\n");
            input.push_str("{\"id\":\"ctx\",\"text\":\"x\",\"context\":{\"device\":\"tablet\"}}\n");
        }
    }
    let o = hatsugen(&["audit", "-"], Some(input.as_bytes()));
    assert_eq!(o.status.code(), Some(65), "bad lines make the run exit 65");
    let lines: Vec<serde_json::Value> = stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 302);
    assert_eq!(lines[0]["id"], 0);
    assert_eq!(lines[0]["report"]["verdict"], "block");
    assert_eq!(lines[1]["report"]["verdict"], "allow");
    assert_eq!(lines[151]["line"], 152);
    assert!(lines[151]["error"].as_str().unwrap().contains("invalid JSON"));
    assert_eq!(lines[152]["id"], "ctx");
    assert!(lines[152]["error"].as_str().unwrap().contains("`tablet`"));
    assert_eq!(lines[301]["id"], 299);
    let err = stderr(&o);
    assert!(err.contains("audited 302 posts: 200 allow, 0 warn, 100 block, 2 errors"), "{err}");
    assert!(err.contains("confidential"), "{err}");
}

#[test]
fn audit_exit_zero_keeps_the_reports_and_still_fails_on_bad_input() {
    let input = "{\"id\":1,\"text\":\"ここだけの話、予算の件\"}\n{\"id\":2,\"text\":\"良い天気\"}\n";
    let plain = hatsugen(&["audit", "--quiet", "-"], Some(input.as_bytes()));
    assert_eq!(plain.status.code(), Some(2), "the default stays: exit with the worst verdict");
    let zero = hatsugen(&["audit", "--quiet", "--exit-zero", "-"], Some(input.as_bytes()));
    assert_eq!(zero.status.code(), Some(0));
    assert_eq!(stdout(&zero), stdout(&plain));
    assert!(stdout(&zero).contains("\"verdict\":\"block\""));
    // Bad input is still an error.
    let bad = format!("{input}{{not json\n");
    assert_eq!(hatsugen(&["audit", "--quiet", "--exit-zero", "-"], Some(bad.as_bytes())).status.code(), Some(65));
    let missing = hatsugen(&["audit", "--exit-zero", "/nonexistent/posts.jsonl"], None);
    assert_eq!(missing.status.code(), Some(74));
    let help = stdout(&hatsugen(&["audit", "--help"], None));
    assert!(help.contains("--exit-zero"), "{help}");
}

#[test]
fn context_errors_count_characters_and_want_an_object() {
    let o = hatsugen(&["check", "テスト", "--context", r#"{"profile":"あああああ","device":"bogus"}"#], None);
    assert_eq!(o.status.code(), Some(65));
    assert!(stderr(&o).contains("invalid context at line 1 column 35:"), "{}", stderr(&o));
    // The same column as a policy error at the same character (the `x`, character 20).
    let policy = tmp("col.toml", "profile_ = \"あああああ\" x\n".as_bytes());
    let o = hatsugen(&["policy", "check", policy.to_str().unwrap()], None);
    assert!(stderr(&o).contains("col.toml:1:20\n"), "{}", stderr(&o));
    let o = hatsugen(&["check", "x", "--context", r#"{"profile":"あああああ" x}"#], None);
    assert!(stderr(&o).contains("line 1 column 20:"), "{}", stderr(&o));
    for ctx in [r#"["2026-11-24T10:00:00+09:00","work","personal"]"#, "[]", r#""work""#] {
        let o = hatsugen(&["check", "x", "--context", ctx], None);
        assert_eq!(o.status.code(), Some(65), "{ctx}");
        assert!(stderr(&o).contains("line 1 column 1: the context must be a JSON object"), "{ctx}: {}", stderr(&o));
    }
    let o = hatsugen(&["audit", "--quiet", "-"], Some(b"{\"id\":1,\"text\":\"x\",\"context\":[\"work\"]}\n"));
    assert_eq!(o.status.code(), Some(65));
    assert!(stdout(&o).contains("must be a JSON object"), "{}", stdout(&o));
}

#[test]
fn rules_and_policy_commands() {
    let o = hatsugen(&["rules", "--format", "json", "--builtin", "urayasu"], None);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let dev = v.as_array().unwrap().iter().find(|r| r["id"] == "work_device.work_issued").unwrap();
    assert!(dev["clause"].as_str().unwrap().contains("3(11)"));
    assert_eq!(dev["kind"], "builtin");
    assert_eq!(dev["context"], serde_json::json!(["device", "channel", "account"]));
    assert_eq!(dev["description"], "A private post from a device the employer issued.");
    let insult = v.as_array().unwrap().iter().find(|r| r["id"] == "defamation.insult").unwrap();
    assert_eq!(
        (&insult["kind"], &insult["description"], &insult["context"]),
        (&"text".into(), &serde_json::Value::Null, &serde_json::json!([]))
    );
    let shown = stdout(&hatsugen(&["policy", "show", "--builtin", "urayasu"], None));
    assert!(shown.contains("id = \"urayasu\"") && !shown.contains("extends"), "standalone TOML");
    let file = tmp("shown.toml", shown.as_bytes());
    let o = hatsugen(&["policy", "check", file.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("ok: policy `urayasu`"));
    assert!(stdout(&o).contains("examples pass"), "{}", stdout(&o));
}

#[test]
fn policy_check_reports_every_error_and_warning() {
    let text = "extends = \"builtin:jp-local-gov\"\n\n[rules.\"defamation.insult\"]\nseverty = \"warn\"\nmessage = { ja = \"{who}です\" }\n\n[rules.\"rumor.hoax\"]\nany = [\"insults\"]\n\nremove_terms = [\"kimoi\"]\n";
    let file = tmp("several.toml", text.as_bytes());
    let o = hatsugen(&["policy", "check", file.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(65));
    let err = stderr(&o);
    let at = |needle: &str| err.find(needle).unwrap_or_else(|| panic!("no `{needle}` in\n{err}"));
    // In the order of the file, each with its place, its line and its help.
    assert!(at("warning[unknown_placeholder]") < at("error[unknown_field]: unknown field `severty`"));
    assert!(at("error[unknown_field]: unknown field `severty`") < at("error[unknown_group]"));
    assert!(at("error[unknown_group]") < at("error[unknown_field]: unknown field `remove_terms`"));
    at("several.toml:4:1\n");
    at("4 | severty = \"warn\"\n  | ^^^^^^^\n");
    at("= help: did you mean `severity`?");
    at("= help: did you mean `insult`?");
    at("= help: `remove_terms` is a top-level key");
    at("error: policy `");
    at("has 3 errors and 1 warning\n");
    // The same as JSON, on standard output.
    let o = hatsugen(&["policy", "check", "--format", "json", file.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(65));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["ok"], false);
    let codes: Vec<&str> = v["errors"].as_array().unwrap().iter().map(|e| e["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["unknown_field", "unknown_group", "unknown_field"]);
    assert_eq!(v["errors"][1]["line"], 8);
    assert_eq!(v["errors"][1]["key"], "rules.rumor.hoax.any");
    assert_eq!(v["warnings"][0]["code"], "unknown_placeholder");
    assert_eq!(v["warnings"][0]["help"], "this rule fills no placeholders");
    // A file without errors: its warnings, and ok.
    let text = "extends = \"builtin:jp-local-gov\"\n[schedule]\nhours = [{ start = \"09:00\", end = \"17:00\" }]\n";
    let file = tmp("warned.toml", text.as_bytes());
    let o = hatsugen(&["policy", "check", file.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).starts_with("warning[breaks_dropped]"), "{}", stderr(&o));
    assert!(stdout(&o).contains("examples pass, 1 warning)"), "{}", stdout(&o));
}

#[test]
fn policy_check_runs_the_files_examples() {
    let good = "extends = \"builtin:jp-local-gov\"\n[[example]]\ntext = \"バカンスに行く\"\nexpect = \"allow\"\n";
    let file = tmp("examples-ok.toml", good.as_bytes());
    let o = hatsugen(&["policy", "check", file.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("1 examples pass"), "only the file's own: {}", stdout(&o));
    let o = hatsugen(&["policy", "check", "--all-examples", file.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let bad = "extends = \"builtin:jp-local-gov\"\n[[example]]\ntext = \"パチンコで負けた\"\nexpect = [\"obscenity.explicit\"]\n";
    let file = tmp("examples-bad.toml", bad.as_bytes());
    let o = hatsugen(&["policy", "check", file.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("examples-bad.toml:3") && err.contains("expected [obscenity.explicit], got []"), "{err}");
}

#[test]
fn check_says_when_the_post_may_go_out() {
    let ctx = r#"{"time":"2026-11-20T13:30:00+09:00","status":"working"}"#;
    let o = hatsugen(&["check", "--color", "never", "--context", ctx, "今日のランチはカレー"], None);
    assert_eq!(o.status.code(), Some(2));
    let out = stdout(&o);
    assert!(out.contains("block[work_hours.during_work]"), "{out}");
    assert!(out.contains("17:15 以降に投稿できます / post at 17:15 or later (2026-11-20T17:15:00+09:00)"), "{out}");
    let ctx =
        r#"{"time":"2026-11-20T19:00:00+09:00","role":"manager","recipient_relation":"subordinate","audience":"dm"}"#;
    let o = hatsugen(&["check", "--color", "never", "--context", ctx, "明日の会議資料、朝イチで確認しておいて"], None);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("11月24日(火) 08:30 以降に投稿できます"), "{out}");
    assert!(out.contains("post at 08:30 on Tue 24 Nov or later"), "{out}");
    let o = hatsugen(&["check", "--format", "json", "--context", ctx, "明日の会議資料、朝イチで確認しておいて"], None);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["next_allowed_at"], "2026-11-24T08:30:00+09:00");
}

#[test]
fn calendar_lists_the_days_off() {
    let o = hatsugen(&["calendar", "--from", "2022-12-28", "--to", "2023-01-09"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "2022-12-29\tclosure\t年末年始\tYear-end and New Year holidays");
    assert!(lines.contains(&"2023-01-01\tholiday\t元日\tNew Year's Day"), "{out}");
    assert!(lines.iter().any(|l| l.starts_with("2023-01-02\tsubstitute\t")), "{out}");
    assert!(lines.iter().any(|l| l.starts_with("2023-01-09\tholiday\t成人の日")), "{out}");
    assert!(!out.contains("weekend"), "{out}");
    assert_eq!(lines.len(), 7, "{out}");
    let o = hatsugen(&["calendar", "--from", "2026-11-20", "--to", "2026-11-24", "--weekends"], None);
    assert_eq!(
        stdout(&o),
        "2026-11-21\tweekend\t土曜日\tSaturday\n2026-11-22\tweekend\t日曜日\tSunday\n2026-11-23\tholiday\t勤労感謝の日\tLabour Thanksgiving Day\n"
    );
}

#[test]
fn calendar_reads_the_policy_and_writes_json() {
    let policy = tmp(
        "okinawa.toml",
        "extends = \"builtin:jp-local-gov\"\n[schedule]\ndays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\"]\n[calendar]\nlocal_holidays = [{ date = \"06-23\", name = \"慰霊の日\", name_en = \"Okinawa Memorial Day\" }]\none_off = [{ date = \"2027-06-25\", name = \"庁舎移転\" }]\n"
            .as_bytes(),
    );
    let p = policy.to_str().unwrap();
    let o = hatsugen(
        &["calendar", "--policy", p, "--from", "2027-06-21", "--to", "2027-06-27", "--weekends", "--format", "json"],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let days: Vec<(&str, &str)> =
        v.as_array().unwrap().iter().map(|d| (d["date"].as_str().unwrap(), d["kind"].as_str().unwrap())).collect();
    assert_eq!(
        days,
        [("2027-06-23", "local"), ("2027-06-25", "closure"), ("2027-06-27", "weekend")],
        "Saturday is worked"
    );
    assert_eq!(v[0]["name_ja"], "慰霊の日");
    assert_eq!(v[0]["name_en"], "Okinawa Memorial Day");
    assert_eq!(v[1]["name_en"], "庁舎移転");
}

#[test]
fn calendar_lists_election_periods_and_sensitive_days() {
    let policy = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/corpus/policies/election-city.toml");
    let o = hatsugen(&["calendar", "--policy", policy, "--from", "2027-04-17", "--to", "2027-04-26"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "2027-04-17\telection\tみなと県知事選挙 選挙期間(2027-04-01〜2027-04-18)\tみなと県知事選挙 campaign period (2027-04-01 to 2027-04-18, prefectural)"
    );
    assert!(lines.iter().any(|l| l.starts_with("2027-04-18\telection\tみなと県知事選挙 投票日")), "{out}");
    assert!(lines.iter().any(|l| l.starts_with("2027-04-18\telection\tみなと市長選挙 告示日")), "{out}");
    assert!(lines.iter().any(|l| l.starts_with("2027-04-25\telection\tみなと市長選挙 投票日")), "{out}");
    assert!(!out.contains("2027-04-26"), "the period ends with voting day: {out}");
    assert_eq!(lines.len(), 10, "{out}");
    // The national sensitive days of the default pack.
    let o = hatsugen(&["calendar", "--from", "2027-03-11", "--to", "2027-03-11", "--format", "json"], None);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v[0]["kind"], "sensitive");
    assert_eq!(v[0]["name_ja"], "東日本大震災の発生日 13:46〜15:46");
    // `check` says when the period is over.
    let ctx = r#"{"time":"2027-04-20T20:00:00+09:00","account":"personal"}"#;
    let o = hatsugen(&["check", "--policy", policy, "--context", ctx, "山田太郎さんの演説、最高だった!"], None);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stdout(&o).contains("みなと市長選挙の選挙期間中"), "{}", stdout(&o));
}

#[test]
fn calendar_errors_name_the_flag() {
    let o = hatsugen(&["calendar", "--from", "1900-01-01", "--to", "1900-12-31"], None);
    assert_eq!(o.status.code(), Some(64));
    assert!(stderr(&o).contains("`--from` value `1900-01-01` is outside the supported range"), "{}", stderr(&o));
    let o = hatsugen(&["calendar", "--from", "2026-01-01", "--to", "2100-01-01"], None);
    assert_eq!(o.status.code(), Some(64));
    assert!(stderr(&o).contains("`--to` value `2100-01-01`"), "{}", stderr(&o));
    let o = hatsugen(&["calendar", "--from", "2026-02-30", "--to", "2026-03-01"], None);
    assert_eq!(o.status.code(), Some(64));
    assert!(stderr(&o).contains("not a date"), "{}", stderr(&o));
    let o = hatsugen(&["calendar", "--from", "2026-03-02", "--to", "2026-03-01"], None);
    assert_eq!(o.status.code(), Some(64));
    assert!(stderr(&o).contains("is after `--to`"), "{}", stderr(&o));
    let o = hatsugen(&["calendar", "--from", "2026-03-02"], None);
    assert_eq!(o.status.code(), Some(64));
    let bad = tmp("badtz.toml", b"extends = \"builtin:jp-local-gov\"\n[schedule]\ntime_zone = \"Mars/Olympus\"\n");
    let o =
        hatsugen(&["calendar", "--policy", bad.to_str().unwrap(), "--from", "2026-01-01", "--to", "2026-01-02"], None);
    assert_eq!(o.status.code(), Some(65));
    assert!(stderr(&o).contains("badtz.toml:3:13") && stderr(&o).contains("schedule.time_zone"), "{}", stderr(&o));
}

#[test]
fn audit_keeps_the_id_of_a_line_over_the_size_limit() {
    let small = tmp("small.toml", b"extends = \"builtin:jp-local-gov\"\n[limits]\nmax_text_bytes = 10\n");
    let long = "あ".repeat(3000);
    let input =
        format!("{{\"id\":\"long-1\",\"text\":\"{long}\"}}\n{{\"id\":\"ok\",\"text\":\"x\"}}\n{{\"text\":\"{long}\"\n");
    let o = hatsugen(&["audit", "--policy", small.to_str().unwrap(), "-"], Some(input.as_bytes()));
    assert_eq!(o.status.code(), Some(65));
    let lines: Vec<serde_json::Value> = stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["id"], "long-1", "{}", lines[0]);
    assert!(lines[0]["error"].as_str().unwrap().contains("more than the text limit of 10"));
    assert_eq!(lines[1]["id"], "ok");
    assert_eq!(lines[2]["id"], serde_json::Value::Null, "a line that does not parse has no id");
}

fn sample(name: &str) -> String {
    format!("{}/../../tests/audit/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn json_lines(o: &Output) -> Vec<serde_json::Value> {
    stdout(o).lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn audit_reads_the_x_archive_zipped_or_unpacked() {
    let zip = hatsugen(&["audit", "--quiet", &sample("x-archive.zip")], None);
    let dir = hatsugen(&["audit", "--quiet", &sample("x-archive")], None);
    assert_eq!(zip.status.code(), Some(65), "one tweet has no text: {}", stderr(&zip));
    let (z, d) = (json_lines(&zip), json_lines(&dir));
    assert_eq!(z.len(), 6);
    // The same reports; only the file named in the error differs.
    for (a, b) in z.iter().zip(&d) {
        assert_eq!(a["report"], b["report"]);
    }
    // The author is the archive's username; times are in the policy's zone (+09:00).
    assert_eq!(z[0]["author"], "suzuki_hanako");
    assert_eq!(z[0]["id"], "1850000000000000001");
    assert_eq!(z[0]["time"], "2026-11-16T09:35:12+09:00", "00:35 UTC is 09:35 in Tokyo");
    assert_eq!(z[1]["report"]["verdict"], "block");
    assert!(z[3]["file"].as_str().unwrap().ends_with("x-archive.zip!data/tweets.js"), "{}", z[3]);
    assert!(d[3]["file"].as_str().unwrap().ends_with("x-archive/data/tweets.js"), "{}", d[3]);
    assert_eq!(z[3]["line"], 41, "the line where the element starts");
    assert_eq!(z[3]["id"], "1850000000000000004");
    // `&amp;` in full_text is `&` again.
    let o = hatsugen(
        &["audit", "--quiet", "--author", "k-suzuki", "--account", "staff_identified", &sample("x-archive")],
        None,
    );
    let v = json_lines(&o);
    assert_eq!(v[0]["author"], "k-suzuki", "--author wins over the archive's username");
    assert!(
        v[0]["report"]["findings"].as_array().unwrap().iter().any(|f| f["rule"] == "disclaimer_missing.no_disclaimer"),
        "--account reaches the context: {}",
        v[0]
    );
    // tweets.js alone, from standard input, detected.
    let js = std::fs::read(sample("x-archive/data/tweets.js")).unwrap();
    let o = hatsugen(&["audit", "--quiet", "-"], Some(&js));
    assert_eq!(json_lines(&o).len(), 6);
}

#[test]
fn audit_reads_csv_and_reports_bad_rows_with_file_and_line() {
    let o = hatsugen(&["audit", &sample("posts.csv")], None);
    assert_eq!(o.status.code(), Some(65));
    let v = json_lines(&o);
    let ids: Vec<&str> = v.iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["c1", "c2", "c3", "c4", "c5", "c6", "c7"]);
    assert_eq!(v[0]["time"], "2026-11-16T10:15:00+09:00", "a local time is in the policy's zone");
    assert_eq!(v[0]["report"]["findings"][1]["rule"], "work_hours.during_work", "status and time from columns");
    assert_eq!(v[3]["line"], 5);
    assert!(v[3]["error"].as_str().unwrap().contains("`2026-11-17 26:00`"));
    // c5 spans two lines (a quoted newline): c7 starts on line 9.
    assert_eq!(v[6]["line"], 9);
    assert!(v[6]["error"].as_str().unwrap().contains("`tablet`"));
    assert!(v[5].get("author").is_none(), "an empty author cell is no author");
    let err = stderr(&o);
    assert!(err.contains("posts.csv:5: time"), "{err}");
    assert!(err.contains("audited 7 posts: 1 allow, 1 warn, 3 block, 2 errors"), "{err}");
    // An unknown column stops that file only, at its header.
    let bad = tmp("bad-header.csv", "id,txet\n1,x\n".as_bytes());
    let o = hatsugen(&["audit", "--quiet", bad.to_str().unwrap(), &sample("posts.jsonl")], None);
    let v = json_lines(&o);
    assert!(v[0]["error"].as_str().unwrap().contains("unknown column `txet`"), "{}", v[0]);
    assert_eq!(v[0]["line"], 1);
    assert_eq!(v.len(), 6, "the next input is still read");
}

#[test]
fn audit_per_input_options_apply_to_the_inputs_after_them() {
    let csv = tmp("two.csv", "id,text\n1,良い天気\n".as_bytes());
    let jsonl = tmp("two.jsonl", b"{\"id\":2,\"text\":\"x\"}\n");
    let profile = tmp("bio.txt", "市役所職員。投稿は個人の見解です。".as_bytes());
    let (c, j, p) = (csv.to_str().unwrap(), jsonl.to_str().unwrap(), profile.to_str().unwrap());
    let o = hatsugen(
        &[
            "audit",
            "--quiet",
            "--author",
            "a",
            "--account",
            "staff_identified",
            c,
            "--author",
            "b",
            "--profile-file",
            p,
            j,
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v = json_lines(&o);
    assert_eq!((v[0]["author"].as_str(), v[1]["author"].as_str()), (Some("a"), Some("b")));
    let rules = |l: &serde_json::Value| l["report"]["findings"].to_string();
    assert!(rules(&v[0]).contains("no_disclaimer"), "staff account, no disclaimer: {}", v[0]);
    assert!(!rules(&v[1]).contains("no_disclaimer"), "the account carries on; the profile has the disclaimer");
    let o = hatsugen(&["audit", c, j, "--author", "late"], None);
    assert_eq!(o.status.code(), Some(64));
    assert!(stderr(&o).contains("`--author` after the last input"), "{}", stderr(&o));
    let o = hatsugen(&["audit", "--input-format", "csv", j], None);
    assert_eq!(o.status.code(), Some(65), "JSON read as CSV has no text column");
}

#[test]
fn audit_report_json_and_html() {
    let dir = std::env::temp_dir().join(format!("hatsugen-cli-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (json, html) = (dir.join("r.json"), dir.join("r.html"));
    let o = hatsugen(
        &[
            "audit",
            "--quiet",
            "--report",
            json.to_str().unwrap(),
            "--report",
            html.to_str().unwrap(),
            "--report-posts",
            "3",
            &sample("x-archive.zip"),
            &sample("posts.csv"),
            &sample("posts.jsonl"),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(65), "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(r["totals"]["posts"], 14);
    assert_eq!(r["totals"]["errors"], 4);
    assert_eq!(r["totals"]["block"], 7);
    assert_eq!(r["inputs"][0]["format"], "x-archive");
    assert_eq!(r["inputs"][1]["format"], "csv");
    assert_eq!(r["inputs"][2]["format"], "jsonl");
    assert_eq!(r["flagged_posts"]["listed"], 3);
    assert_eq!(r["flagged_posts"]["total"], 10);
    assert_eq!(r["rules"][0]["rule"], "confidential.secret");
    // Monday 16 Nov 2026, 09:35 and 10:15 in Tokyo: two posts in the 9 and 10 o'clock cells.
    assert_eq!(r["heatmap"][0]["weekday"], "mon");
    assert_eq!(r["heatmap"][0]["posts"][9], 1);
    assert_eq!(r["heatmap"][0]["posts"][10], 1);
    let tanaka = r["authors"].as_array().unwrap().iter().find(|a| a["author"] == "tanaka").unwrap();
    assert_eq!((tanaka["posts"].as_u64(), tanaka["in_working_hours"].as_u64()), (Some(2), Some(1)));
    assert!(r["errors"]["listed"][0]["location"].as_str().unwrap().ends_with("x-archive.zip!data/tweets.js:41"));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("default-src 'none'"), "the page may not load anything");
    for external in ["src=\"http", "href=\"http", "@import", "url(", "<link"] {
        assert!(!page.contains(external), "{external}");
    }
    assert_eq!(page.matches("<svg").count(), 2);
    assert_eq!(page.matches("<article class=\"post\"").count(), 3);
    assert!(page.contains("id=\"cap-note\""), "the cap is said");
    assert!(page.contains("<mark class=\"block\">ここだけの話"), "spans highlighted");
    let bad = hatsugen(&["audit", "--report", "r.pdf", &sample("posts.jsonl")], None);
    assert_eq!(bad.status.code(), Some(64));
}

#[test]
fn audit_a_broken_tweets_js_costs_only_its_rest() {
    let js = "window.YTD.tweets.part0 = [\n  {\"tweet\": {\"id_str\": \"1\", \"full_text\": \"良い天気\"}},\n  {\"tweet\": {\"id_str\": \"2\", \"full_t";
    let broken = tmp("broken-tweets.js", js.as_bytes());
    let o = hatsugen(&["audit", "--quiet", broken.to_str().unwrap(), &sample("posts.jsonl")], None);
    assert_eq!(o.status.code(), Some(65));
    let v = json_lines(&o);
    assert_eq!(v[0]["id"], "1");
    assert!(v[1]["error"].as_str().unwrap().contains("malformed tweets file"), "{}", v[1]);
    assert_eq!(v[1]["line"], 3);
    assert_eq!(v[2]["id"], "j1", "the next input is read");
    let o = hatsugen(&["audit", "--quiet", "--input-format", "x-archive", &sample("posts.csv")], None);
    assert!(stdout(&o).contains("expected `window.YTD.tweets.part0 = [`"), "{}", stdout(&o));
}

#[test]
fn fix_prints_the_fixed_text_and_exits_with_its_verdict() {
    let o = hatsugen(&["fix", "電話は090-1234-5678です"], None);
    assert_eq!(stdout(&o), "電話は090-****-5678です");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("1 fix(es) applied; verdict now allow"), "{}", stderr(&o));
    // Nothing mechanical to fix: the text unchanged, the verdict as before.
    let o = hatsugen(&["fix", "ここだけの話、人事異動の件"], None);
    assert_eq!(stdout(&o), "ここだけの話、人事異動の件");
    assert_eq!(o.status.code(), Some(2));
    // Only the rules asked for.
    let text = "電話は090-1234-5678。メールはtaro.yamada@urayasu-mail.jpへ";
    let o = hatsugen(&["fix", "--rules", "personal_data.email", text], None);
    assert_eq!(stdout(&o), "電話は090-1234-5678。メールはt***@urayasu-mail.jpへ");
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn fix_says_which_attachment_to_strip() {
    let ctx = r#"{"attachments":[{"kind":"image"},{"kind":"image","exif":{"gps":[35.3192,139.5467]}}]}"#;
    let o = hatsugen(&["check", "--format", "json", "--context", ctx, "週末は鎌倉へ"], None);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(report["findings"][0]["rule"], "personal_data.photo_location");
    assert_eq!(report["findings"][0]["fix"]["attachments"][0]["kind"], "strip_metadata");
    let o = hatsugen(&["fix", "--context", ctx, "週末は鎌倉へ"], None);
    assert_eq!(stdout(&o), "週末は鎌倉へ");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "1 fix(es) applied; verdict now allow; attachment 2: strip its metadata (re-encode the file) before posting"
        ),
        "{}",
        stderr(&o)
    );
    let o = hatsugen(&["fix", "--format", "json", "--context", ctx, "週末は鎌倉へ"], None);
    let fixed: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(fixed["attachments"][0]["attachment"], 1);
    assert_eq!(fixed["report"]["verdict"], "allow");
}

#[test]
fn fix_diff_and_in_place() {
    let ctx = r#"{"account":"staff_identified","profile":"市職員"}"#;
    let o =
        hatsugen(&["fix", "--diff", "--color", "always", "--context", ctx, "一行目\n電話は090-1234-5678です"], None);
    let out = stdout(&o);
    assert!(out.contains("\x1b[31m-電話は090-1234-5678です\x1b[0m"), "{out}");
    assert!(out.contains("\x1b[32m+電話は090-****-5678です\x1b[0m"), "{out}");
    assert!(out.contains("--- profile"), "{out}");
    assert!(out.contains("+※投稿は個人の見解です"), "{out}");
    assert!(!out.contains("一行目"), "unchanged lines are left out: {out}");
    let plain = stdout(&hatsugen(&["fix", "--diff", "--color", "never", "090-1234-5678"], None));
    assert!(!plain.contains('\x1b'), "{plain}");

    let file = tmp("fix-in-place.txt", "連絡: 090-1234-5678\n".as_bytes());
    let o = hatsugen(&["fix", "--in-place", "--file", file.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "連絡: 090-****-5678\n");
    // --in-place needs a file.
    assert_eq!(hatsugen(&["fix", "--in-place", "x"], None).status.code(), Some(64));
}

#[test]
fn fix_json_matches_the_shared_corpus() {
    let corpus =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/corpus/cases.jsonl")).unwrap();
    let mut n = 0;
    for line in corpus.lines() {
        let case: serde_json::Value = serde_json::from_str(line).unwrap();
        let Some(expected) = case["fixed"].as_str() else { continue };
        let id = case["id"].as_str().unwrap();
        // Every fix-* case, and a sample of the others (each run starts a process).
        if !id.starts_with("fix-") && n % 40 != 0 {
            n += 1;
            continue;
        }
        n += 1;
        let policy = case["policy"].as_str().unwrap();
        let mut args = vec!["fix", "--format", "json", "--context", case["context_json"].as_str().unwrap()];
        let file;
        if let Some(name) = policy.strip_prefix("builtin:") {
            args.extend(["--builtin", name]);
        } else {
            file =
                format!("{}/../../tests/corpus/{}", env!("CARGO_MANIFEST_DIR"), policy.strip_prefix("file:").unwrap());
            args.extend(["--policy", &file]);
        }
        let o = hatsugen(&args, Some(case["text"].as_str().unwrap().as_bytes()));
        assert_eq!(stdout(&o).trim_end(), expected, "{id}");
    }
    assert!(n > 100, "{n}");
}
