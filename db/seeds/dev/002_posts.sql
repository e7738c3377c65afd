-- A published post and a draft for each development user.
INSERT INTO posts (user_id, title, body, status, published_at)
SELECT users.id, post.title, post.body, post.status::post_status,
       CASE WHEN post.status = 'published' THEN now() END
FROM users
CROSS JOIN (VALUES
    ('Hello', 'My first post.', 'published'),
    ('Work in progress', 'Not finished yet.', 'draft')
) AS post (title, body, status)
WHERE users.email IN ('ada@example.com', 'grace@example.com')
  AND NOT EXISTS (SELECT FROM posts WHERE posts.user_id = users.id AND posts.title = post.title);
