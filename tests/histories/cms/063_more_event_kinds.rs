migration! {
    addTypeValue("analytics.event_kind", "video_play", { after: "share" });
    addTypeValue("analytics.event_kind", "newsletter_signup");
    down { noop; }
}
