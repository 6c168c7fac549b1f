#!/usr/bin/env python3
"""One corpus, three builds, one answer.

Feeds every case of tests/corpus/cases.jsonl (whose `report` field is the Rust core's
report, kept up to date by the core's corpus test) to the CLI (`hatsugen audit`), the C ABI
(libhatsugen through ctypes) and the WASM build (node), and asserts that each returns the
same report: byte-identical JSON for the CLI and the C ABI, deep-equal after converting
the core's byte spans to UTF-16 for WASM. Stops at the first difference of each build and
prints it.

Usage: one_answer.py --cli PATH --lib PATH --wasm-dist DIR [--cases PATH]
"""
import argparse
import ctypes
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def load_cases(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def policy_args(policy, corpus_dir):
    if policy.startswith("builtin:"):
        return ["--builtin", policy[len("builtin:"):]]
    return ["--policy", os.path.join(corpus_dir, policy[len("file:"):])]


def cli_reports(cli, cases, corpus_dir):
    """Runs `hatsugen audit` once per policy; returns id -> exact report JSON text."""
    out = {}
    by_policy = {}
    for c in cases:
        by_policy.setdefault(c["policy"], []).append(c)
    for policy, group in by_policy.items():
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
            for c in group:
                f.write(json.dumps({"id": c["id"], "text": c["text"], "context": json.loads(c["context_json"])}, ensure_ascii=False) + "\n")
            name = f.name
        try:
            proc = subprocess.run([cli, "audit", "--quiet", name] + policy_args(policy, corpus_dir), capture_output=True, check=False)
        finally:
            os.unlink(name)
        if proc.returncode not in (0, 1, 2):
            raise SystemExit(f"cli audit failed for {policy}: exit {proc.returncode}\n{proc.stderr.decode()}")
        for line in proc.stdout.decode("utf-8").splitlines():
            head = json.loads(line)
            # {"id", then "author" and "time" when known, then "report"}: the report's own
            # bytes are compared, so the prefix is rebuilt from the keys before it.
            prefix = "{" + ",".join(
                json.dumps(k) + ":" + json.dumps(head[k], ensure_ascii=False, separators=(",", ":"))
                for k in head if k != "report") + ',"report":'
            if "report" not in head or not line.startswith(prefix):
                raise SystemExit(f"unexpected audit line: {line[:200]}")
            out[head["id"]] = line[len(prefix):-1]
    return out


def capi_reports(lib_path, cases, corpus_dir):
    """Calls hatsugen_check_json through ctypes; returns id -> report JSON text."""
    lib = ctypes.CDLL(lib_path)
    lib.hatsugen_checker_new_builtin.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(ctypes.c_void_p)]
    lib.hatsugen_checker_new_from_toml.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(ctypes.c_void_p)]
    lib.hatsugen_check_json.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(ctypes.c_size_t)]
    lib.hatsugen_string_free.argtypes = [ctypes.c_void_p]
    lib.hatsugen_checker_free.argtypes = [ctypes.c_void_p]
    for fn in (lib.hatsugen_checker_new_builtin, lib.hatsugen_checker_new_from_toml, lib.hatsugen_check_json):
        fn.restype = ctypes.c_int
    checkers = {}
    out = {}
    try:
        for c in cases:
            policy = c["policy"]
            if policy not in checkers:
                handle, err = ctypes.c_void_p(), ctypes.c_void_p()
                if policy.startswith("builtin:"):
                    name = policy[len("builtin:"):].encode()
                    st = lib.hatsugen_checker_new_builtin(name, len(name), ctypes.byref(handle), ctypes.byref(err))
                else:
                    with open(os.path.join(corpus_dir, policy[len("file:"):]), "rb") as f:
                        toml = f.read()
                    st = lib.hatsugen_checker_new_from_toml(toml, len(toml), ctypes.byref(handle), ctypes.byref(err))
                if st != 0:
                    raise SystemExit(f"c abi: cannot build checker for {policy}: status {st}")
                checkers[policy] = handle
            text = c["text"].encode("utf-8")
            ctx = c["context_json"].encode("utf-8")
            buf, length = ctypes.c_void_p(), ctypes.c_size_t()
            st = lib.hatsugen_check_json(checkers[policy], text, len(text), ctx, len(ctx), ctypes.byref(buf), ctypes.byref(length))
            if st != 0:
                out[c["id"]] = f"<status {st}>"
                continue
            out[c["id"]] = ctypes.string_at(buf, length.value).decode("utf-8")
            lib.hatsugen_string_free(buf)
    finally:
        for h in checkers.values():
            lib.hatsugen_checker_free(h)
    return out


def utf16_offset(text, byte_offset):
    return len(text.encode("utf-8")[:byte_offset].decode("utf-8").encode("utf-16-le")) // 2


def to_utf16(report, text, profile=None):
    r = json.loads(report)
    conv = lambda t, s: {"start": utf16_offset(t, s["start"]), "end": utf16_offset(t, s["end"])}
    for f in r["findings"]:
        f["spans"] = [conv(text, s) for s in f["spans"]]
        # A fix's edits point into the post or the profile, each in its own UTF-16 units.
        for e in (f.get("fix") or {}).get("edits", []):
            e["span"] = conv(text if e["target"] == "text" else (profile or ""), e["span"])
    return r


def wasm_reports(dist, cases_path):
    proc = subprocess.run(["node", os.path.join(os.path.dirname(__file__), "wasm_reports.mjs"), cases_path, dist], capture_output=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"wasm runner failed: {proc.stderr.decode()}")
    return {d["id"]: d["report"] for d in map(json.loads, proc.stdout.decode("utf-8").splitlines())}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", default=os.path.join(ROOT, "tests/corpus/cases.jsonl"))
    ap.add_argument("--cli", required=True)
    ap.add_argument("--lib", required=True)
    ap.add_argument("--wasm-dist", required=True)
    args = ap.parse_args()
    cases = load_cases(args.cases)
    corpus_dir = os.path.dirname(os.path.abspath(args.cases))
    builds = {
        "cli": cli_reports(args.cli, cases, corpus_dir),
        "c-abi": capi_reports(args.lib, cases, corpus_dir),
        "wasm": wasm_reports(args.wasm_dist, args.cases),
    }
    failed = 0
    for build, reports in builds.items():
        same = 0
        for c in cases:
            golden = c["report"]
            got = reports.get(c["id"])
            if build == "wasm":
                equal = got == to_utf16(golden, c["text"], json.loads(c["context_json"]).get("profile"))
            else:
                equal = got == golden
            if equal:
                same += 1
                continue
            print(f"{build}: first difference at case {c['id']} ({c['text'][:40]!r})")
            print(f"  core : {golden[:600]}")
            print(f"  {build:5}: {json.dumps(got, ensure_ascii=False)[:600] if build == 'wasm' else str(got)[:600]}")
            break
        ok = same == len(cases)
        failed += 0 if ok else 1
        print(f"{build}: {same} of {len(cases)} reports identical to the Rust core's")
    print(f"one answer: {len(builds) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
