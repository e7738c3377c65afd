migration! {
    up {
        sql("UPDATE invitations SET status = 'accepted' WHERE accepted_at IS NOT NULL AND status = 'pending'");
    }
    down { noop; }
}
