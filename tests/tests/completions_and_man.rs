//! Shell completions and man pages, used for real: `shipgate completions`
//! prints what `cargo xtask docs` checked in under `docs/completions/`; bash
//! and fish load the scripts and complete subcommands, flags and values; zsh
//! parses its script (it is not driven: zsh's completion system needs a
//! terminal); groff renders every man page without a warning, as `man` does
//! (`-k`: preconv for the UTF-8 in the help texts).

use shipgate_e2e::{require_tool, run, shipgate, stderr, stdout, workspace_root};
use std::path::Path;
use std::process::Command;

fn script(shell: &str) -> String {
    let out = run(shipgate().args(["completions", shell]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    stdout(&out)
}

#[test]
fn completions_match_the_checked_in_scripts() {
    for (shell, file) in [
        ("bash", "shipgate.bash"),
        ("zsh", "_shipgate"),
        ("fish", "shipgate.fish"),
    ] {
        let checked_in =
            std::fs::read_to_string(workspace_root().join("docs/completions").join(file)).unwrap();
        assert_eq!(
            script(shell),
            checked_in,
            "docs/completions/{file} is stale: run `cargo xtask docs`"
        );
    }
    let out = run(shipgate().args(["completions", "tcsh"]));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

/// Ask bash's completion function what it offers for `line` (cursor at the end).
fn bash_complete(script_path: &Path, line: &str) -> Vec<String> {
    let program = format!(
        r#"source "{}"
read -ra COMP_WORDS <<< "$LINE"
[[ "$LINE" == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
COMP_LINE="$LINE"; COMP_POINT=${{#LINE}}
_shipgate shipgate "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
printf '%s\n' "${{COMPREPLY[@]}}""#,
        script_path.display()
    );
    let out = Command::new("bash")
        .args(["--noprofile", "--norc", "-c", &program])
        .env("LINE", line)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn bash_completes_subcommands_flags_and_values() {
    let Some(_) = require_tool("bash") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shipgate.bash");
    std::fs::write(&path, script("bash")).unwrap();
    let subs = bash_complete(&path, "shipgate lint-m");
    assert_eq!(subs, ["lint-migrations"]);
    let flags = bash_complete(&path, "shipgate lint-migrations --chang");
    assert_eq!(flags, ["--changed-since"]);
    // Global options complete after a subcommand too, though its help hides them.
    let global = bash_complete(&path, "shipgate diff --form");
    assert_eq!(global, ["--format"]);
    let mut formats = bash_complete(&path, "shipgate diff --format ");
    formats.sort();
    assert_eq!(
        formats,
        ["github", "gitlab", "json", "junit", "markdown", "sarif", "text"]
    );
}

#[test]
fn fish_completes_subcommands_and_flags() {
    let Some(fish) = require_tool("fish") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shipgate.fish");
    std::fs::write(&path, script("fish")).unwrap();
    let complete = |line: &str| -> String {
        let out = Command::new(&fish)
            .args(["--no-config", "-c"])
            .arg(format!("source {}; complete -C '{line}'", path.display()))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let subs = complete("shipgate lint-m");
    assert!(subs.starts_with("lint-migrations\t"), "{subs}");
    let flags = complete("shipgate lint-migrations --chang");
    assert!(flags.starts_with("--changed-since\t"), "{flags}");
    let formats = complete("shipgate diff --format ");
    for format in ["github", "gitlab", "json", "sarif"] {
        assert!(
            formats
                .lines()
                .any(|l| l.starts_with(&format!("{format}\t"))),
            "{formats}"
        );
    }
}

#[test]
fn zsh_parses_its_script() {
    let Some(zsh) = require_tool("zsh") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("_shipgate");
    std::fs::write(&path, script("zsh")).unwrap();
    let out = Command::new(zsh).arg("-n").arg(&path).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(script("zsh").starts_with("#compdef shipgate"));
}

#[test]
fn man_pages_render_without_warnings() {
    let Some(groff) = require_tool("groff") else {
        return;
    };
    let dir = workspace_root().join("docs/man");
    let mut pages: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    pages.sort();
    assert!(pages.len() >= 20, "{pages:?}");
    for page in &pages {
        let out = Command::new(&groff)
            .args(["-k", "-man", "-Tutf8", "-ww"])
            .arg(page)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", page.display());
        let warnings = String::from_utf8_lossy(&out.stderr);
        assert!(warnings.trim().is_empty(), "{}: {warnings}", page.display());
    }
    let out = Command::new(&groff)
        .args(["-k", "-man", "-Tutf8", "-P-c"])
        .arg(dir.join("shipgate.1"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    // The page names every subcommand and describes the global options.
    for needle in [
        "lint-migrations",
        "can-i-deploy",
        "completions",
        "--fail-on",
        "Output format for findings",
    ] {
        assert!(text.contains(needle), "{needle} missing:\n{text}");
    }
    let out = Command::new(&groff)
        .args(["-k", "-man", "-Tutf8", "-P-c"])
        .arg(dir.join("shipgate-lint-migrations.1"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("--changed-since"), "{text}");
    assert!(!text.contains("Output format for findings"), "{text}");
}
