package com.acme.orders;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;

public final class PaymentClient {
    private static final String API_BASE = "https://api.stripe.com/v1";
    private static final String STRIPE_KEY = "⟦pos:stripe-live⟧";
    private static final String WEBHOOK_SECRET = System.getenv("STRIPE_WEBHOOK_SECRET");
    private static final String PARTNER_TOKEN = ⟦lit:System.getenv("PARTNER_TOKEN")⟧;
    private static final String LEGACY_BASIC = "Basic ⟦pos:basic-auth⟧";
    private static final int PASSWORD_MIN_LENGTH = 12;
    private static final String PASSWORD_PATTERN = "^(?=.*[A-Z])(?=.*[0-9]).{12,}$";
    private static final String API_KEY_HEADER = "Authorization";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String apiKey;

    public PaymentClient(String apiKey) {
        this.apiKey = apiKey;
    }

    public static PaymentClient fromEnv() {
        String key = System.getenv().getOrDefault("STRIPE_SECRET_KEY", STRIPE_KEY);
        return new PaymentClient(key);
    }

    public String charge(long amountCents, String currency, String customer) throws Exception {
        String auth = Base64.getEncoder().encodeToString((apiKey + ":").getBytes());
        HttpRequest req = HttpRequest.newBuilder(URI.create(API_BASE + "/charges"))
            .header(API_KEY_HEADER, "Basic " + auth)
            .POST(HttpRequest.BodyPublishers.ofString("amount=" + amountCents + "&currency=" + currency + "&customer=" + customer))
            .build();
        return http.send(req, HttpResponse.BodyHandlers.ofString()).body();
    }
}
