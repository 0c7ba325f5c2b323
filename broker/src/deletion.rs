//! Deleting, cascading as the Pact Broker does: a pact publication takes
//! its triggered webhooks with it, and its content (with the content's
//! verifications) when no other publication shares it; a version takes its
//! pacts, its verifications, tags, branch memberships, deployments and
//! releases; a pacticipant takes all of that plus its pacts as a provider,
//! its webhooks, labels, branches and integrations.
//!
//! Every function works inside the caller's transaction, so a delete that
//! fails part-way changes nothing. Statements are set-based (chunks of ids),
//! never one per row.

use crate::error::ApiError;
use sqlx::AnyConnection;

const CHUNK: usize = 500;

fn ph(n: usize) -> String {
    crate::store::placeholders(1, n)
}

/// Run `sql` (with `{ids}` standing for a placeholder list) over `ids` in chunks.
async fn exec_in(conn: &mut AnyConnection, sql: &str, ids: &[i64]) -> Result<u64, ApiError> {
    let mut n = 0;
    for chunk in ids.chunks(CHUNK) {
        let text = sql.replace("{ids}", &ph(chunk.len()));
        let mut q = sqlx::query(&text);
        for id in chunk {
            q = q.bind(*id);
        }
        n += q.execute(&mut *conn).await?.rows_affected();
    }
    Ok(n)
}

/// Select ids with `sql` (with `{ids}`) over `ids` in chunks.
async fn select_in(conn: &mut AnyConnection, sql: &str, ids: &[i64]) -> Result<Vec<i64>, ApiError> {
    let mut out = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        let text = sql.replace("{ids}", &ph(chunk.len()));
        let mut q = sqlx::query_scalar::<_, i64>(&text);
        for id in chunk {
            q = q.bind(*id);
        }
        out.extend(q.fetch_all(&mut *conn).await?);
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// What a delete removed, by table (for `shipgate broker clean` and logs).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deleted {
    pub versions: u64,
    pub pact_publications: u64,
    pub pact_contents: u64,
    pub verifications: u64,
    pub triggered_webhooks: u64,
}

impl Deleted {
    pub fn add(&mut self, other: &Deleted) {
        self.versions += other.versions;
        self.pact_publications += other.pact_publications;
        self.pact_contents += other.pact_contents;
        self.verifications += other.verifications;
        self.triggered_webhooks += other.triggered_webhooks;
    }
}

async fn delete_triggered(conn: &mut AnyConnection, ids: &[i64]) -> Result<u64, ApiError> {
    exec_in(
        conn,
        "DELETE FROM webhook_executions WHERE triggered_webhook_id IN ({ids})",
        ids,
    )
    .await?;
    exec_in(
        conn,
        "DELETE FROM triggered_webhooks WHERE id IN ({ids})",
        ids,
    )
    .await
}

/// Delete verification results (and the webhooks they triggered).
pub async fn delete_verifications(
    conn: &mut AnyConnection,
    ids: &[i64],
) -> Result<Deleted, ApiError> {
    let triggered = select_in(
        conn,
        "SELECT id FROM triggered_webhooks WHERE verification_id IN ({ids})",
        ids,
    )
    .await?;
    let mut d = Deleted {
        triggered_webhooks: delete_triggered(conn, &triggered).await?,
        ..Deleted::default()
    };
    d.verifications = exec_in(conn, "DELETE FROM verifications WHERE id IN ({ids})", ids).await?;
    Ok(d)
}

/// Delete pact publications; contents no other publication uses go too,
/// with their verifications. Integrations left without pacts are removed.
pub async fn delete_publications(
    conn: &mut AnyConnection,
    ids: &[i64],
) -> Result<Deleted, ApiError> {
    if ids.is_empty() {
        return Ok(Deleted::default());
    }
    let contents = select_in(
        conn,
        "SELECT DISTINCT pact_content_id FROM pact_publications WHERE id IN ({ids})",
        ids,
    )
    .await?;
    let pairs = {
        let mut out: Vec<(i64, i64)> = Vec::new();
        for chunk in ids.chunks(CHUNK) {
            let sql = format!(
                "SELECT DISTINCT consumer_id, provider_id FROM pact_publications WHERE id IN ({})",
                ph(chunk.len())
            );
            let mut q = sqlx::query_as::<_, (i64, i64)>(&sql);
            for id in chunk {
                q = q.bind(*id);
            }
            out.extend(q.fetch_all(&mut *conn).await?);
        }
        out
    };
    let triggered = select_in(
        conn,
        "SELECT id FROM triggered_webhooks WHERE pact_publication_id IN ({ids})",
        ids,
    )
    .await?;
    let mut d = Deleted {
        triggered_webhooks: delete_triggered(conn, &triggered).await?,
        ..Deleted::default()
    };
    d.pact_publications = exec_in(
        conn,
        "DELETE FROM pact_publications WHERE id IN ({ids})",
        ids,
    )
    .await?;
    let orphans = select_in(
        conn,
        "SELECT id FROM pact_contents WHERE id IN ({ids}) AND NOT EXISTS \
         (SELECT 1 FROM pact_publications pp WHERE pp.pact_content_id = pact_contents.id)",
        &contents,
    )
    .await?;
    let verifications = select_in(
        conn,
        "SELECT id FROM verifications WHERE pact_content_id IN ({ids})",
        &orphans,
    )
    .await?;
    d.add(&delete_verifications(conn, &verifications).await?);
    exec_in(
        conn,
        "DELETE FROM schema_checks WHERE pact_content_id IN ({ids})",
        &orphans,
    )
    .await?;
    d.pact_contents = exec_in(
        conn,
        "DELETE FROM pact_contents WHERE id IN ({ids})",
        &orphans,
    )
    .await?;
    for (consumer, provider) in pairs {
        sqlx::query(
            "DELETE FROM integrations WHERE consumer_id = $1 AND provider_id = $2 AND NOT EXISTS \
             (SELECT 1 FROM pact_publications WHERE consumer_id = $1 AND provider_id = $2)",
        )
        .bind(consumer)
        .bind(provider)
        .execute(&mut *conn)
        .await?;
    }
    Ok(d)
}

/// Delete versions with everything that hangs off them.
pub async fn delete_versions(conn: &mut AnyConnection, ids: &[i64]) -> Result<Deleted, ApiError> {
    if ids.is_empty() {
        return Ok(Deleted::default());
    }
    let pubs = select_in(
        conn,
        "SELECT id FROM pact_publications WHERE consumer_version_id IN ({ids})",
        ids,
    )
    .await?;
    let mut d = delete_publications(conn, &pubs).await?;
    let verifications = select_in(
        conn,
        "SELECT id FROM verifications WHERE provider_version_id IN ({ids})",
        ids,
    )
    .await?;
    d.add(&delete_verifications(conn, &verifications).await?);
    for table in [
        "tags",
        "branch_versions",
        "deployed_versions",
        "released_versions",
        "provider_contracts",
        "migration_sets",
        "migration_set_files",
        "environment_migrations",
    ] {
        exec_in(
            conn,
            &format!("DELETE FROM {table} WHERE version_id IN ({{ids}})"),
            ids,
        )
        .await?;
    }
    exec_in(
        conn,
        "DELETE FROM schema_checks WHERE provider_version_id IN ({ids})",
        ids,
    )
    .await?;
    exec_in(
        conn,
        "DELETE FROM api_diffs WHERE base_version_id IN ({ids}) OR rev_version_id IN ({ids})",
        ids,
    )
    .await?;
    d.versions = exec_in(conn, "DELETE FROM versions WHERE id IN ({ids})", ids).await?;
    Ok(d)
}

/// Delete webhooks with their triggered executions.
pub async fn delete_webhooks(conn: &mut AnyConnection, ids: &[i64]) -> Result<u64, ApiError> {
    let triggered = select_in(
        conn,
        "SELECT id FROM triggered_webhooks WHERE webhook_id IN ({ids})",
        ids,
    )
    .await?;
    delete_triggered(conn, &triggered).await?;
    exec_in(conn, "DELETE FROM webhooks WHERE id IN ({ids})", ids).await
}

/// Delete a pacticipant and everything that belongs to it.
pub async fn delete_pacticipant(conn: &mut AnyConnection, id: i64) -> Result<Deleted, ApiError> {
    let pubs: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM pact_publications WHERE provider_id = $1 OR consumer_id = $1",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let mut d = delete_publications(conn, &pubs).await?;
    let verifications: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM verifications WHERE provider_id = $1")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
    d.add(&delete_verifications(conn, &verifications).await?);
    let versions: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM versions WHERE pacticipant_id = $1")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
    d.add(&delete_versions(conn, &versions).await?);
    let webhooks: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM webhooks WHERE consumer_id = $1 OR provider_id = $1")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
    delete_webhooks(conn, &webhooks).await?;
    // Triggered webhooks that name the pacticipant without a publication
    // or verification (test executions).
    let triggered: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM triggered_webhooks WHERE consumer_id = $1 OR provider_id = $1",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    d.triggered_webhooks += delete_triggered(conn, &triggered).await?;
    for sql in [
        "DELETE FROM branch_versions WHERE pacticipant_id = $1",
        "DELETE FROM branches WHERE pacticipant_id = $1",
        "DELETE FROM tags WHERE pacticipant_id = $1",
        "DELETE FROM labels WHERE pacticipant_id = $1",
        "DELETE FROM gate_overrides WHERE pacticipant_id = $1",
        "DELETE FROM deployed_versions WHERE pacticipant_id = $1",
        "DELETE FROM released_versions WHERE pacticipant_id = $1",
        "DELETE FROM integrations WHERE consumer_id = $1 OR provider_id = $1",
        "DELETE FROM pact_contents WHERE (consumer_id = $1 OR provider_id = $1) AND NOT EXISTS \
         (SELECT 1 FROM pact_publications pp WHERE pp.pact_content_id = pact_contents.id)",
        "DELETE FROM pacticipants WHERE id = $1",
    ] {
        sqlx::query(sql).bind(id).execute(&mut *conn).await?;
    }
    Ok(d)
}
