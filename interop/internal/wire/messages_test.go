package wire

import (
	"encoding/json"
	"testing"
)

// The key order and the zero values are the wire format: pin them.
func TestSpecEraEncoding(t *testing.T) {
	cases := []struct {
		payload any
		want    string
	}{
		{BestBlockMessage{}, `{"PeerId":""}`},
		{MiningOnMessage{Height: 1, SizeInBytes: 1 << 60}, `{"Hash":"","PreviousHash":"","DataHubUrl":"","PeerId":"","Height":1,"Miner":"","SizeInBytes":1152921504606846976,"TxCount":0}`},
		{BlockMessage{Hash: "ab", Height: 7}, `{"Hash":"ab","Height":7,"DataHubUrl":"","PeerId":""}`},
		{SubtreeMessage{DataHubUrl: "http://h/?a=1&b=<2>"}, `{"Hash":"","DataHubUrl":"http://h/?a=1\u0026b=\u003c2\u003e","PeerId":""}`},
		{RejectedTxMessage{Reason: "bad"}, `{"TxId":"","Reason":"bad","PeerId":""}`},
	}
	for _, c := range cases {
		got, err := json.Marshal(c.payload)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != c.want {
			t.Errorf("got %s, want %s", got, c.want)
		}
	}
}

// Later reference versions spell PeerID, DataHubURL and TxID: Go reads them into the same fields.
func TestReencodeAcceptsLaterSpellings(t *testing.T) {
	got, err := Reencode(KindRejectedTx, []byte(`{"TxID":"t","PeerID":"p","reason":"r"}`))
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"TxId":"t","Reason":"r","PeerId":"p"}`; string(got) != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
