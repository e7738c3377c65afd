// Stripe's statuses we did not map at first.
migration! {
    addTypeValue("subscription_status", "incomplete", { before: "trialing" });
    addTypeValue("subscription_status", "unpaid", { after: "past_due" });
    down { noop; }
}
