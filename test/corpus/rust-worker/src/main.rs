use std::env;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION};
use serde::Deserialize;

const USER_AGENT: &str = "acme-rust-worker/0.4";
const GITLAB_TOKEN: &str = "⟦pos:gitlab-pat⟧";
const DISCORD_WEBHOOK: &str = "⟦pos:discord-webhook⟧";
const PASSWORD_MIN_LEN: usize = 12;
const RELEASE_SHA: &str = "⟦neg:git-sha⟧";

#[derive(Debug, Deserialize)]
struct Settings {
    database_url: String,
    api_token: Option<String>,
    #[serde(default)]
    token_ttl_secs: u64,
}

fn settings() -> Settings {
    Settings {
        database_url: env::var("DATABASE_URL").unwrap_or_else(|_| "postgres://worker:⟦pos:url-password⟧@queue-db.internal.example.com/jobs".into()),
        api_token: ⟦lit:env::var("API_TOKEN").ok()⟧,
        token_ttl_secs: 900,
    }
}

fn client() -> reqwest::Result<reqwest::Client> {
    let mut headers = HeaderMap::new();
    let token = env::var("GITLAB_TOKEN").unwrap_or_else(|_| GITLAB_TOKEN.to_string());
    headers.insert("PRIVATE-TOKEN", HeaderValue::from_str(&token).unwrap());
    headers.insert(AUTHORIZATION, HeaderValue::from_static("Bearer ⟦pos:jwt⟧"));
    reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .default_headers(headers)
        .timeout(Duration::from_secs(30))
        .build()
}

fn valid_password(p: &str) -> bool {
    p.len() >= PASSWORD_MIN_LEN && p.chars().any(|c| c.is_ascii_digit())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let s = settings();
    let http = client()?;
    let _ = (s, http, DISCORD_WEBHOOK, RELEASE_SHA, valid_password("x"));
    Ok(())
}
