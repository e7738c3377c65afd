migration! {
    createType("address", { street: "text", city: "text" });
}
