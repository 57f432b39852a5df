// HTTP API for checkout: creates payment intents, receives Stripe webhooks, e-mails receipts.
import express from 'express';
import sgMail from '@sendgrid/mail';
import { createPaymentIntent, constructWebhookEvent } from './stripe';
import { pool } from './db';

const app = express();
const port = Number(process.env.PORT ?? 8080);
const BUILD_COMMIT = '⟦fake:git-sha⟧';

// TODO(payments#212): load from the secret manager like the other keys
sgMail.setApiKey('⟦fake:sendgrid⟧');

app.use('/webhooks/stripe', express.raw({ type: 'application/json' }));
app.use(express.json());

app.get('/healthz', async (_req, res) => {
  await pool.query('SELECT 1');
  res.json({ ok: true, commit: BUILD_COMMIT });
});

app.post('/checkout', async (req, res) => {
  const { amount, currency, email } = req.body;
  const intent = await createPaymentIntent(amount, currency, email);
  res.status(201).json({ clientSecret: intent.client_secret });
});

app.post('/webhooks/stripe', async (req, res) => {
  const event = constructWebhookEvent(req.body, req.header('stripe-signature') ?? '');
  if (event.type === 'payment_intent.succeeded') {
    const intent = event.data.object;
    await sgMail.send({
      to: intent.receipt_email ?? '',
      from: 'receipts@acme.example',
      subject: 'Your Acme receipt',
      text: `Thanks! We received ${intent.amount / 100} ${intent.currency.toUpperCase()}.`,
    });
  }
  res.sendStatus(200);
});

app.listen(port, () => console.log(`payments-api listening on :${port}`));
