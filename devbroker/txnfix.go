package devbroker

import (
	"hash/fnv"
	"math"
	"sync"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// fixReinitAbortsTransaction makes InitProducerID for a transactional id
// already in use abort that id's open transaction, as Kafka does: a
// restarted exactly-once job fences its predecessor and its pre-committed
// records must never become visible. kfake aborts only when the request
// names the current producer id and epoch (KIP-360 recovery) and otherwise
// just bumps the epoch, leaving the old transaction open for the new
// producer to commit.
//
// kfake derives a transactional producer's id from its transactional id
// (FNV-64 of it, masked positive), so a re-init from a new producer is
// rewritten into the KIP-360 form, which kfake answers with an abort and an
// epoch bump. Epoch 0 is accepted as a stale epoch.
func fixReinitAbortsTransaction(c *kfake.Cluster) {
	var mu sync.Mutex
	seen := map[string]bool{}
	c.ControlKey(kmsg.InitProducerID.Int16(), func(r kmsg.Request) (kmsg.Response, error, bool) {
		req := r.(*kmsg.InitProducerIDRequest)
		if req.TransactionalID == nil || *req.TransactionalID == "" || req.ProducerID >= 0 {
			return nil, nil, false
		}
		mu.Lock()
		defer mu.Unlock()
		if seen[*req.TransactionalID] {
			h := fnv.New64()
			h.Write([]byte(*req.TransactionalID))
			req.ProducerID = int64(h.Sum64()) & math.MaxInt64
			req.ProducerEpoch = 0
		}
		seen[*req.TransactionalID] = true
		return nil, nil, false
	})
}
