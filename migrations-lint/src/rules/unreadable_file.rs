//! MIG045 `unreadable-file`: a migration that cannot be read or is not UTF-8.

use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// A migration file that cannot be read (permissions, a broken symlink, a path that does
    /// not exist) or that is not valid UTF-8. For invalid UTF-8 the finding gives the line and
    /// column of the first bad byte. Other files are still linted. A special file among the
    /// migrations (a FIFO, a socket, a device) is skipped without being opened, with this
    /// code at warning level: reading it could block forever or never end.
    ///
    /// ## Why it is dangerous
    ///
    /// A migration that was not checked can contain anything; and a file in another encoding
    /// may not mean what it says once PostgreSQL reads it as UTF-8.
    ///
    /// ## Safe alternative
    ///
    /// Instead of a Latin-1 file with `'café'` in it, save the migration as UTF-8 (for
    /// example `iconv -f latin1 -t utf-8`), and make sure the path is readable:
    ///
    /// ```sql
    /// INSERT INTO labels (name) VALUES ('café');
    /// ```
    pub struct UnreadableFile {
        code: "MIG045",
        name: "unreadable-file",
        level: Error,
        summary: "A migration file cannot be read or is not UTF-8",
    }
}
