migration! {
    renameTrigger("posts", "postTouch", "postsTouched");
}
