# frozen_string_literal: true

Stripe.api_key = "⟦pos:stripe-live⟧"
Stripe.api_version = "2024-06-20"

Rails.application.config.x.mailgun = {
  api_key: "⟦pos:mailgun⟧",
  domain: "mg.example.com",
}

Octokit.configure do |c|
  c.access_token = ⟦lit:ENV["GITHUB_TOKEN"]⟧
end

Sidekiq.configure_server do |config|
  config.redis = { url: "redis://:⟦pos:url-password⟧@redis.internal.example.com:6379/1" }
end

Twilio.configure do |config|
  config.account_sid = "⟦neg:twilio-account-sid⟧"
  config.auth_token = "⟦pos:twilio-auth-token⟧"
end

SHOPIFY_TOKEN = "⟦pos:shopify⟧"
SLACK_WEBHOOK = ⟦lit:ENV.fetch("SLACK_WEBHOOK_URL", nil)⟧
PASSWORD_MIN_LENGTH = 12
Devise.setup { |config| config.password_length = 12..128 }
