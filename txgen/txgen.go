// Package txgen generates the fraud-detection seed's source data — flagged
// accounts and card transactions, as the seed's producer.py does — for
// `cmd/txgen`, `sluice dev` and end-to-end tests.
//
// Records have producer.py's shapes, JSON keys and key order, and JSON text
// as Python's json.dumps writes it. A generator is either live (random,
// timestamps from the wall clock, like producer.py) or deterministic (a
// seed: the same seed gives the same records, timestamps included), so that
// tests can compute the expected output of a job from the seed.
package txgen

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// Account ids: producer.py draws transactions from 1000000001–1000000010
// and flags the odd ones.
const (
	FirstAccountID int64 = 1000000001
	LastAccountID  int64 = 1000000010
)

// TimeLayout is producer.py's "%Y-%m-%d %H:%M:%S.%f".
const TimeLayout = "2006-01-02 15:04:05.000000"

// DeterministicBase is the wall-clock time deterministic generators start
// from: accounts are flagged from it on, transactions start a minute later
// (so every transaction of a flagged account comes after its flag).
var DeterministicBase = time.Date(2023, 8, 14, 9, 0, 0, 0, time.UTC)

// MerchantTypes and TransactionTypes are producer.py's choices.
var (
	MerchantTypes    = []string{"Online", "In Store"}
	TransactionTypes = []string{"Grocery_Store", "Gas_Station", "Shopping_Mall", "City_Services",
		"HealthCare_Service", "Food and Beverage", "Others"}
)

// FlaggedAccountIDs returns range(1000000001, 1000000010, 2).
func FlaggedAccountIDs() []int64 {
	var ids []int64
	for id := FirstAccountID; id < LastAccountID; id += 2 {
		ids = append(ids, id)
	}
	return ids
}

// IsFlagged reports whether an account is one of FlaggedAccountIDs.
func IsFlagged(id int64) bool {
	return id >= FirstAccountID && id < LastAccountID && (id-FirstAccountID)%2 == 0
}

// Account is a flagged account record (producer.py's FlagAccount).
type Account struct {
	AccountID int64
	FlagDate  string
}

// Key is the record key: {"account_id": …}.
func (a Account) Key() []byte {
	return []byte(`{"account_id": ` + strconv.FormatInt(a.AccountID, 10) + `}`)
}

// Value is the record value: {"account_id": …, "flag_date": "…"}.
func (a Account) Value() []byte {
	var b strings.Builder
	b.WriteString(`{"account_id": `)
	b.WriteString(strconv.FormatInt(a.AccountID, 10))
	b.WriteString(`, "flag_date": `)
	writeString(&b, a.FlagDate)
	b.WriteString(`}`)
	return []byte(b.String())
}

// Transaction is a transaction record (producer.py's Transaction).
type Transaction struct {
	AccountID         int64
	CustomerID        string
	MerchantType      string
	TransactionID     string
	TransactionType   string
	TransactionAmount float64
	TransactionDate   string
}

// Key is the record key: {"account_id": …, "transaction_id": "…"}.
func (t Transaction) Key() []byte {
	var b strings.Builder
	b.WriteString(`{"account_id": `)
	b.WriteString(strconv.FormatInt(t.AccountID, 10))
	b.WriteString(`, "transaction_id": `)
	writeString(&b, t.TransactionID)
	b.WriteString(`}`)
	return []byte(b.String())
}

// Value is the record value, keys in the dataclass's field order.
func (t Transaction) Value() []byte {
	var b strings.Builder
	b.WriteString(`{"account_id": `)
	b.WriteString(strconv.FormatInt(t.AccountID, 10))
	b.WriteString(`, "customer_id": `)
	writeString(&b, t.CustomerID)
	b.WriteString(`, "merchant_type": `)
	writeString(&b, t.MerchantType)
	b.WriteString(`, "transaction_id": `)
	writeString(&b, t.TransactionID)
	b.WriteString(`, "transaction_type": `)
	writeString(&b, t.TransactionType)
	b.WriteString(`, "transaction_amount": `)
	b.WriteString(PythonFloat(t.TransactionAmount))
	b.WriteString(`, "transaction_date": `)
	writeString(&b, t.TransactionDate)
	b.WriteString(`}`)
	return []byte(b.String())
}

// AmountText is the amount as the JSON number text of the record.
func (t Transaction) AmountText() string { return PythonFloat(t.TransactionAmount) }

// writeString writes s as a JSON string. The generated strings are ASCII
// letters, digits, spaces and punctuation without quotes or backslashes;
// anything else is escaped as json.dumps (ensure_ascii) does.
func writeString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r > 0x7e:
			if r > 0xffff {
				r -= 0x10000
				b.WriteString(`\u` + hex4(0xd800+(r>>10)) + `\u` + hex4(0xdc00+(r&0x3ff)))
				continue
			}
			b.WriteString(`\u` + hex4(r))
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
}

func hex4(r rune) string {
	s := strconv.FormatInt(int64(r), 16)
	return strings.Repeat("0", 4-len(s)) + s
}

// PythonFloat formats a float as Python's repr (what json.dumps writes):
// the shortest text that reads back as the same float, with ".0" for
// integral values and an exponent below 1e-4 or from 1e16 on.
func PythonFloat(f float64) string {
	abs := f
	if abs < 0 {
		abs = -abs
	}
	if abs != 0 && (abs < 1e-4 || abs >= 1e16) {
		s := strconv.FormatFloat(f, 'e', -1, 64)
		// Go writes e-05, Python e-05 too; Go writes e+16, Python e+16.
		return s
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsAny(s, ".") {
		s += ".0"
	}
	return s
}

// round2 is Python's round(x, 2): the float nearest to the correctly
// rounded decimal (round-half-even on x's exact binary value).
func round2(x float64) float64 {
	f, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'f', 2, 64), 64)
	return f
}

// clock gives record timestamps: the wall clock (live) or a deterministic
// time advanced by the generator.
type clock struct {
	live bool
	now  time.Time
}

func (c *clock) stamp() string {
	if c.live {
		return time.Now().Format(TimeLayout)
	}
	return c.now.Format(TimeLayout)
}

// Accounts returns the flagged accounts with flag dates from the wall
// clock, as producer.py's FlagAccount.create().
func Accounts() []Account {
	return accounts(&clock{live: true}, nil)
}

// DeterministicAccounts returns the flagged accounts of a seed: flag dates
// from DeterministicBase, a few pseudo-random microseconds apart.
func DeterministicAccounts(seed int64) []Account {
	rng := newRand(seed, 0x6163636f756e7473) // "accounts"
	return accounts(&clock{now: DeterministicBase}, rng)
}

func accounts(c *clock, rng *rand.Rand) []Account {
	var out []Account
	for _, id := range FlaggedAccountIDs() {
		if rng != nil {
			c.now = c.now.Add(time.Duration(1+rng.IntN(50)) * time.Microsecond)
		}
		out = append(out, Account{AccountID: id, FlagDate: c.stamp()})
	}
	return out
}

func newRand(seed int64, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), stream))
}

// Transactions generates transactions.
type Transactions struct {
	rng   *rand.Rand
	clock clock
}

// NewTransactions returns a deterministic generator: the same seed gives the
// same transactions, dates included (from DeterministicBase + 1 min, a few
// pseudo-random microseconds apart, and Pause seconds between rounds).
func NewTransactions(seed int64) *Transactions {
	return &Transactions{rng: newRand(seed, 0x7472616e73616374), // "transact"
		clock: clock{now: DeterministicBase.Add(time.Minute)}}
}

// NewLiveTransactions returns producer.py's generator: random, dates from
// the wall clock.
func NewLiveTransactions() *Transactions {
	return &Transactions{rng: rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64())), clock: clock{live: true}}
}

// Next returns the next transaction (producer.py's Transaction.auto()).
func (g *Transactions) Next() Transaction {
	r := g.rng
	id := FirstAccountID + r.Int64N(LastAccountID-FirstAccountID+1) // randint(…01, …10)
	var txID [16]byte
	const hexDigits = "0123456789ABCDEF"
	for i := range txID {
		txID[i] = hexDigits[r.IntN(16)]
	}
	// round(random.randint(100, 10000) * random.random(), 2)
	amount := round2(float64(100+r.IntN(10000-100+1)) * r.Float64())
	t := Transaction{
		AccountID:         id,
		CustomerID:        "C" + reverse(strconv.FormatInt(id, 10)),
		MerchantType:      MerchantTypes[r.IntN(len(MerchantTypes))],
		TransactionID:     string(txID[:]),
		TransactionType:   TransactionTypes[r.IntN(len(TransactionTypes))],
		TransactionAmount: amount,
	}
	if !g.clock.live {
		g.clock.now = g.clock.now.Add(time.Duration(1+r.IntN(200)) * time.Microsecond)
	}
	t.TransactionDate = g.clock.stamp()
	return t
}

// Round returns n transactions (producer.py's Transaction.create(n)).
func (g *Transactions) Round(n int) []Transaction {
	out := make([]Transaction, n)
	for i := range out {
		out[i] = g.Next()
	}
	return out
}

// Pause returns producer.py's wait between rounds, random.randint(2, 5)
// seconds. A deterministic generator also moves its clock by it.
func (g *Transactions) Pause() time.Duration {
	d := time.Duration(2+g.rng.IntN(4)) * time.Second
	if !g.clock.live {
		g.clock.now = g.clock.now.Add(d)
	}
	return d
}

func reverse(s string) string {
	b := []byte(s)
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}
