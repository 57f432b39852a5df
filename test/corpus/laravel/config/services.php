<?php

return [

    'mailgun' => [
        'domain' => env('MAILGUN_DOMAIN'),
        'secret' => ⟦lit:env('MAILGUN_SECRET')⟧,
        'endpoint' => env('MAILGUN_ENDPOINT', 'api.mailgun.net'),
        'scheme' => 'https',
    ],

    'postmark' => [
        'token' => env('POSTMARK_TOKEN'),
    ],

    'ses' => [
        'key' => ⟦lit:env('AWS_ACCESS_KEY_ID')⟧,
        'secret' => ⟦lit:env('AWS_SECRET_ACCESS_KEY')⟧,
        'region' => env('AWS_DEFAULT_REGION', 'us-east-1'),
    ],

    'stripe' => [
        'key' => env('STRIPE_KEY'),
        'secret' => env('STRIPE_SECRET', '⟦pos:stripe-live⟧'),
        'webhook' => [
            'secret' => '⟦pos:stripe-webhook⟧',
            'tolerance' => 300,
        ],
    ],

    'slack' => [
        'notifications' => [
            'bot_user_oauth_token' => '⟦pos:slack-bot⟧',
            'channel' => env('SLACK_BOT_USER_DEFAULT_CHANNEL'),
        ],
    ],

    'github' => [
        'client_id' => 'Iv1.⟦neg:build-hash⟧',
        'client_secret' => '⟦pos:hex-secret⟧',
        'redirect' => 'https://bookings.example.com/auth/github/callback',
    ],

];
