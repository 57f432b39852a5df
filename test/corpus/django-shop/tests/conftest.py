import os

import pytest

# Values used by the test suite. They only need the right shape.
FAKE_STRIPE_KEY = "⟦lit:sk_test_xxxxxxxxxxxxxxxxxxxxxxxx⟧"
FAKE_PUBLISHABLE = "⟦neg:stripe-publishable⟧"
FAKE_GITHUB_TOKEN = "⟦neg:github-pat-badcrc⟧"
ORDER_ID = "⟦neg:uuid⟧"
PAYLOAD_SHA256 = "⟦neg:sha256⟧"
TEST_PASSWORD = "⟦lit:password123⟧"
USER_PASSWORD = "⟦lit:correct horse battery staple⟧"


@pytest.fixture
def settings_override(settings):
    settings.STRIPE_SECRET_KEY = FAKE_STRIPE_KEY
    settings.SECRET_KEY = ⟦lit:"test-secret-key-not-for-production"⟧
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings


@pytest.fixture
def api_client(client, django_user_model):
    user = django_user_model.objects.create_user(username="alice", password=TEST_PASSWORD)
    client.force_login(user)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {os.environ.get('TEST_API_TOKEN', 'dummy')}"
    return client


@pytest.fixture
def webhook_secret():
    return ⟦lit:os.environ.get("STRIPE_WEBHOOK_SECRET", "whsec_test_placeholder")⟧


@pytest.fixture
def staging_token():
    # Real staging service token, pasted to reproduce bug #4312. Remove after the fix.
    return "⟦pos:jwt⟧"
