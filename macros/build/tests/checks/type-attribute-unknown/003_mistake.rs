migration! {
    renameTypeAttribute("address", "stret", "streetLine");
}
