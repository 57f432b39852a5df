package config

import "os"

// Defaults for the sandbox environment; production reads everything from the environment.
const (
	sandboxURL = "https://sandbox.billing.example.com"
)

var apiToken string = "⟦pos:generic-secret⟧"

const dbPassword string = "⟦pos:generic-password⟧"

var webhookSecret string = ⟦lit:os.Getenv("WEBHOOK_SECRET")⟧

var clientSecret string

type Credentials struct {
	APIToken   string `json:"api_token"`
	DBPassword string `json:"db_password"`
}

func Load() Credentials {
	clientSecret = ⟦lit:os.Getenv("CLIENT_SECRET")⟧
	return Credentials{APIToken: apiToken, DBPassword: ⟦lit:dbPassword⟧}
}
