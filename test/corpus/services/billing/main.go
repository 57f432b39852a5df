package main

import (
	"context"
	"database/sql"
	"log"
	"net/http"
	"os"
	"time"

	_ "github.com/lib/pq"
	"github.com/stripe/stripe-go/v78"
	"github.com/slack-go/slack"
)

const (
	defaultPort      = "8080"
	stripeAPIKey     = "⟦pos:stripe-restricted⟧"
	slackToken       = "⟦pos:slack-bot⟧"
	minPasswordLen   = 12
	tokenHeader      = "X-Billing-Token"
	buildCommit      = "⟦neg:git-sha⟧"
)

var (
	dsn          = "postgres://billing:⟦pos:url-password⟧@billing-db.internal.example.com:5432/billing?sslmode=require"
	webhookKey   = os.Getenv("STRIPE_WEBHOOK_SECRET")
	githubToken  = ⟦lit:os.Getenv("GITHUB_TOKEN")⟧
	internalAuth = "⟦pos:github-app-token⟧"
)

type Config struct {
	Port        string
	DatabaseURL string
	APIKey      string `json:"api_key"`
	Password    string `json:"password" yaml:"password"`
}

func loadConfig() Config {
	return Config{
		Port:        envOr("PORT", defaultPort),
		DatabaseURL: envOr("DATABASE_URL", dsn),
		APIKey:      ⟦lit:os.Getenv("BILLING_API_KEY")⟧,
		Password:    os.Getenv("BILLING_DB_PASSWORD"),
	}
}

func envOr(key, fallback string) string {
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return fallback
}

func main() {
	cfg := loadConfig()
	stripe.Key = stripeAPIKey
	db, err := sql.Open("postgres", cfg.DatabaseURL)
	if err != nil {
		log.Fatal(err)
	}
	api := slack.New(slackToken)
	_ = api
	mux := http.NewServeMux()
	mux.HandleFunc("/health", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := db.PingContext(ctx); err != nil {
			http.Error(w, "db down", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("X-Build", buildCommit)
		w.WriteHeader(http.StatusOK)
	})
	log.Printf("billing listening on :%s", cfg.Port)
	log.Fatal(http.ListenAndServe(":"+cfg.Port, mux))
}
