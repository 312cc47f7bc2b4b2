package sql

// jobProperties are the placeholder values of the flagship job.
var jobProperties = map[string]string{
	"consumer.config.0.table.name":        "flagged_accounts",
	"consumer.config.0.topic.name":        "flagged-accounts",
	"consumer.config.0.bootstrap.servers": "localhost:29092",
	"consumer.config.0.startup.mode":      "earliest-offset",
	"consumer.config.1.table.name":        "transactions",
	"consumer.config.1.topic.name":        "transactions",
	"consumer.config.1.bootstrap.servers": "localhost:29092",
	"consumer.config.1.startup.mode":      "earliest-offset",
	"producer.config.0.table.name":        "flagged_transactions",
	"producer.config.0.topic.name":        "flagged-transactions",
	"producer.config.0.bootstrap.servers": "localhost:29092",
	"producer.config.1.table.name":        "sink_print",
	"producer.config.1.connector":         "print",
}

func lookupIn(m map[string]string) func(string) (string, bool) {
	return func(name string) (string, bool) { v, ok := m[name]; return v, ok }
}
