migration! {
    validateConstraint("api_keys", "api_keys_prefix_format");
}
