//! The test provider itself (tests/src/provider.rs) behaves as the contract
//! tests assume: states create and remove users, `broken` renames `userId`.

use serde_json::{json, Value};
use shipgate_e2e::provider::ProviderServer;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn provider_states_drive_user_lookup_and_broken_renames_field() {
    for broken in [false, true] {
        let server = tokio::task::spawn_blocking(move || ProviderServer::start(broken))
            .await
            .unwrap();
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        let get = |c: &reqwest::Client| c.get(format!("{}/users/42", server.base_url())).send();
        assert_eq!(get(&client).await.unwrap().status(), 404);

        let setup = json!({"state": "a user with id exists", "params": {"id": 42, "name": "Alice"}, "action": "setup"});
        let r = client
            .post(server.state_url())
            .json(&setup)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let body: Value = get(&client).await.unwrap().json().await.unwrap();
        let id_field = if broken { "user_id" } else { "userId" };
        assert_eq!(body[id_field], 42, "{body}");
        assert_eq!(body["name"], "Alice");
        assert_eq!(body["email"], "alice@example.com");

        let teardown =
            json!({"state": "a user with id exists", "params": {"id": 42}, "action": "teardown"});
        client
            .post(server.state_url())
            .json(&teardown)
            .send()
            .await
            .unwrap();
        assert_eq!(get(&client).await.unwrap().status(), 404);
        assert_eq!(server.handle().state_calls().len(), 2);

        let msg = client
            .post(server.messages_url())
            .json(&json!({"description": "a user-created event"}))
            .send()
            .await
            .unwrap();
        assert!(msg.headers().contains_key("pact-message-metadata"));
        let body: Value = msg.json().await.unwrap();
        assert_eq!(body[id_field], 42);
        tokio::task::spawn_blocking(move || drop(server))
            .await
            .unwrap();
    }
}
