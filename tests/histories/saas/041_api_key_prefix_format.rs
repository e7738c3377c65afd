migration! {
    addConstraint("api_keys", "api_keys_prefix_format", { check: "prefix ~ '^sk_[a-z0-9]{4,9}$'", notValid: true });
}
