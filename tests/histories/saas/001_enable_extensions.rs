// Case-insensitive emails everywhere, from day one.
migration! {
    createExtension("citext");
}
