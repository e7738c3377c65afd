migration! {
    renameTypeValue("mood", "okay", "fine");
}
