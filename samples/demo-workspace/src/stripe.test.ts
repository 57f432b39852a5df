// Unit tests for the Stripe helpers. They use a test-mode fixture key; `.credential-hygiene.json`
// excludes `**/*.test.ts`, so this file is not scanned.
import { strict as assert } from 'node:assert';
import Stripe from 'stripe';

const TEST_KEY = '⟦fake:stripe-test⟧';

describe('stripe helpers', () => {
  it('builds a client in test mode', () => {
    const client = new Stripe(TEST_KEY, { apiVersion: '2024-06-20' });
    assert.ok(client.paymentIntents);
  });
});
