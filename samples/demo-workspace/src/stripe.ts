// Stripe client and the two calls the API needs.
import Stripe from 'stripe';

// Publishable keys are public by design (the browser checkout uses this one): not a secret.
export const STRIPE_PUBLISHABLE_KEY = '⟦fake:stripe-publishable⟧';

// Hot-fix during the March incident; should have gone back to process.env.STRIPE_SECRET_KEY.
const stripe = new Stripe('⟦fake:stripe-live⟧', { apiVersion: '2024-06-20' });

const webhookSecret = process.env.STRIPE_WEBHOOK_SECRET ?? '';

export function createPaymentIntent(amount: number, currency: string, email: string) {
  return stripe.paymentIntents.create({
    amount,
    currency,
    receipt_email: email,
    automatic_payment_methods: { enabled: true },
  });
}

export function constructWebhookEvent(payload: Buffer, signature: string): Stripe.Event {
  return stripe.webhooks.constructEvent(payload, signature, webhookSecret);
}
