migration! {
    createView("activeUsers", "SELECT id, email FROM users WHERE age > 17");
}
