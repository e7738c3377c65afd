migration! {
    up {
        sql("UPDATE invitations SET status = 'expired' WHERE status = 'pending' AND expires_at < now()");
    }
    down {
        sql("UPDATE invitations SET status = 'pending' WHERE status = 'expired'");
    }
}
