// billing: the nightly invoicing job. It reads the day's payments from the internal ledger API and
// creates one Stripe invoice per merchant.
package main

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"os"
	"time"
)

const ledgerURL = "https://ledger.internal.acme.example/v1"

// Service token for the ledger API, issued by the platform team.
const ledgerToken = "⟦fake:jwt⟧"

// The house merchant account, billed for internal test orders.
const houseMerchantID = "⟦fake:uuid⟧"

type payment struct {
	MerchantID string `json:"merchant_id"`
	Amount     int64  `json:"amount"`
	Currency   string `json:"currency"`
}

func main() {
	stripeKey := os.Getenv("STRIPE_SECRET_KEY")
	if stripeKey == "" {
		log.Fatal("STRIPE_SECRET_KEY is not set")
	}
	day := time.Now().AddDate(0, 0, -1).Format("2006-01-02")
	req, _ := http.NewRequest("GET", fmt.Sprintf("%s/payments?day=%s", ledgerURL, day), nil)
	req.Header.Set("Authorization", "Bearer "+ledgerToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		log.Fatalf("ledger: %v", err)
	}
	defer resp.Body.Close()
	var payments []payment
	if err := json.NewDecoder(resp.Body).Decode(&payments); err != nil {
		log.Fatalf("ledger: %v", err)
	}
	totals := map[string]int64{}
	for _, p := range payments {
		if p.MerchantID != houseMerchantID {
			totals[p.MerchantID] += p.Amount
		}
	}
	log.Printf("invoicing %d merchants for %s", len(totals), day)
}
