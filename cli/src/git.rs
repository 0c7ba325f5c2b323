//! Git revisions as the commands accept them: any revision git knows, plus
//! `REV...`, the merge base of REV and `HEAD`, which is what `git diff REV...`
//! compares with. A pull request's base is its merge base, not the tip of the
//! target branch: commits that landed on the target branch since the branch
//! point are not the pull request's changes.

use anyhow::{bail, Context as _};
use std::path::Path;
use std::process::Command;

/// The revision git should be given for `rev`: `rev` itself, or for `X...`
/// the commit id of the merge base of `X` and `HEAD`, found from `cwd`.
pub fn resolve(rev: &str, cwd: &Path) -> anyhow::Result<String> {
    let Some(base) = rev.strip_suffix("...") else {
        return Ok(rev.to_owned());
    };
    if base.is_empty() || base.ends_with('.') {
        bail!("`{rev}`: write REV... for the merge base of REV and HEAD");
    }
    let out = Command::new("git")
        .args(["merge-base", base, "HEAD"])
        .current_dir(cwd)
        .output()
        .context("cannot run git")?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let err = err.trim().trim_start_matches("fatal: ");
        if err.is_empty() {
            bail!("`{rev}`: {base} and HEAD have no common ancestor");
        }
        bail!("`{rev}`: cannot find the merge base of {base} and HEAD: {err}");
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn git(dir: &Path, args: &[&str]) -> String {
        let out = Command::new("git")
            .args([
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@t",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .current_dir(dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    #[test]
    fn triple_dot_is_the_merge_base_with_head() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        git(d, &["init", "-q", "-b", "main"]);
        git(d, &["commit", "-q", "--allow-empty", "-m", "base"]);
        let fork = git(d, &["rev-parse", "HEAD"]);
        git(d, &["checkout", "-qb", "feature"]);
        git(d, &["commit", "-q", "--allow-empty", "-m", "feature"]);
        git(d, &["checkout", "-q", "main"]);
        git(d, &["commit", "-q", "--allow-empty", "-m", "main moved on"]);
        git(d, &["checkout", "-q", "feature"]);
        assert_eq!(resolve("main...", d).unwrap(), fork);
        assert_eq!(resolve("main", d).unwrap(), "main");
        let err = resolve("nope...", d).unwrap_err().to_string();
        assert!(err.contains("`nope...`"), "{err}");
        assert!(resolve("....", d).is_err());
    }
}
