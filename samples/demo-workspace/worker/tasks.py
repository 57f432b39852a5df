"""Background jobs: fraud scoring with an LLM, receipt PDFs and Slack alerts."""
from celery import Celery
from openai import OpenAI
from slack_sdk import WebClient

from . import settings

app = Celery("payments", broker=settings.BROKER_URL, backend=settings.RESULT_BACKEND)

llm = OpenAI(api_key="⟦fake:openai⟧")
slack = WebClient(token=settings.SLACK_BOT_TOKEN)


@app.task(bind=True, max_retries=3)
def score_payment(self, payment: dict) -> float:
    """Asks the model how suspicious a payment looks (0 = fine, 1 = fraud)."""
    prompt = (
        "Rate the fraud risk of this card payment from 0 to 1. Reply with the number only.\n"
        f"amount={payment['amount']} currency={payment['currency']} country={payment['country']}"
    )
    reply = llm.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": prompt}],
    )
    score = float(reply.choices[0].message.content.strip())
    if score >= settings.FRAUD_SCORE_THRESHOLD:
        alert.delay(f"Suspicious payment {payment['id']}: score {score:.2f}")
    return score


@app.task
def alert(text: str) -> None:
    slack.chat_postMessage(channel=settings.SLACK_CHANNEL, text=text)
