migration! {
    addColumns("analytics.page_views", {
        country: "char(2)",
        device: { type: "text", check: "device IN ('desktop', 'mobile', 'tablet', 'bot')" },
    });
}
