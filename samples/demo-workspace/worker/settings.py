"""Settings for the payments background worker (Celery)."""
import os

BROKER_URL = os.environ.get("BROKER_URL", "redis://localhost:6379/0")
RESULT_BACKEND = os.environ.get("RESULT_BACKEND", BROKER_URL)

# Read from the environment: the right way.
STRIPE_SECRET_KEY = os.environ["STRIPE_SECRET_KEY"]
DATABASE_URL = os.getenv("DATABASE_URL")

# Alerts go to #payments-alerts.
SLACK_BOT_TOKEN = "⟦fake:slack-bot⟧"
SLACK_CHANNEL = "#payments-alerts"

FRAUD_SCORE_THRESHOLD = 0.82
RECEIPT_TTL_DAYS = 30

# Signs the PDF receipts sent to customers.
RECEIPT_SIGNING_KEY = """⟦fake:rsa-private-key⟧
"""
