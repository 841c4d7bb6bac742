package libs

import "testing"

func TestNamingHelpers(t *testing.T) {
	gormCases := map[string]string{
		"UserID": "user_id", "ID": "id", "HTTPURL": "http_url", "CreatedAt": "created_at",
		"APIKey": "api_key", "Name": "name", "OAuth2Token": "o_auth2_token", "UUIDv4": "uuidv4",
		"Address1": "address1", "SKU": "sku",
	}
	for in, want := range gormCases {
		if got := GormColumn(in); got != want {
			t.Errorf("GormColumn(%q) = %q, want %q", in, got, want)
		}
	}
	bunCases := map[string]string{"UserID": "user_id", "ID": "id", "HTTPURL": "httpurl", "CreatedAt": "created_at", "OrderItem": "order_item"}
	for in, want := range bunCases {
		if got := BunUnderscore(in); got != want {
			t.Errorf("BunUnderscore(%q) = %q, want %q", in, got, want)
		}
	}
	plural := map[string]string{
		"user": "users", "category": "categories", "person": "people", "sales_person": "sales_people",
		"address": "addresses", "box": "boxes", "match": "matches", "status": "statuses", "key": "keys",
		"fish": "fish", "order_item": "order_items", "users": "users", "child": "children", "wolf": "wolves", "knife": "knives",
	}
	for in, want := range plural {
		if got := Plural(in); got != want {
			t.Errorf("Plural(%q) = %q, want %q", in, got, want)
		}
	}
	if got := BeegoSnake("UserID"); got != "user_i_d" {
		t.Errorf("BeegoSnake(UserID) = %q", got)
	}
}
