-- Two users for development. The hashes are placeholders: set a password through the
-- application to sign in as one of them.
INSERT INTO users (email, display_name, password_hash) VALUES
    ('ada@example.com', 'Ada', 'placeholder'),
    ('grace@example.com', 'Grace', 'placeholder')
ON CONFLICT (email) DO NOTHING;
