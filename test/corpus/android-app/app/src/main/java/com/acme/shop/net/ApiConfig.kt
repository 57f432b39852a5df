package com.acme.shop.net

import com.acme.shop.BuildConfig
import okhttp3.Interceptor
import okhttp3.OkHttpClient

object ApiConfig {
    const val BASE_URL = "https://api.shop.example.com/"
    const val MAPS_API_KEY = "⟦pos:gcp-api-key⟧"
    const val SEGMENT_WRITE_KEY = BuildConfig.SEGMENT_WRITE_KEY
    private const val CLIENT_SECRET = "⟦pos:generic-secret⟧"
    private const val PINNED_CERT_SHA256 = "sha256/⟦neg:base64-sha256⟧"
    val passwordMinLength = 12
    val tokenRefreshSkewSeconds = 30

    val apiToken: String = BuildConfig.API_TOKEN

    fun client(tokenProvider: () -> String?): OkHttpClient = OkHttpClient.Builder()
        .addInterceptor(Interceptor { chain ->
            val token = tokenProvider() ?: return@Interceptor chain.proceed(chain.request())
            chain.proceed(chain.request().newBuilder().header("Authorization", "Bearer $token").build())
        })
        .build()

    // Debug builds talk to staging with a fixed service token.
    val stagingToken = "⟦pos:jwt⟧"
}
