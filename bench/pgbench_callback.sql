-- One durable transaction shaped like a stored callback: a delivery row with
-- the raw body, a task row ON CONFLICT DO NOTHING, and two lyric rows.
\set n random(1, 1000000000000)
BEGIN;
INSERT INTO callbacks_delivery (received_at, raw_body, body_size, content_type, headers, remote_addr, task_id, outcome, http_status, error)
  VALUES (now(), convert_to(repeat('{"code": 200, "msg": "月光洒满了窗台"}', 20), 'UTF8'), 900, 'application/json',
          '{"Content-Type": "application/json", "User-Agent": "pgbench"}', '127.0.0.1', 'pgb-' || :client_id || '-' || :n, 'received', 200, '');
INSERT INTO lyricsapp_task (task_id, status, code, msg, callback_type, created_at, completed_at, result_hash, processing_attempts, processing_error, prompt)
  VALUES ('pgb-' || :client_id || '-' || :n, 'complete', 200, 'All generated successfully.', 'complete', now(), now(), md5(:n::text), 0, '', '')
  ON CONFLICT (task_id) DO NOTHING;
INSERT INTO lyricsapp_lyric (task_id, position, title, text, status, error_message, created_at, language)
  SELECT id, p, '星夜狂想', '[Verse]\n月光洒满了窗台，风轻轻吹过街角\n我在等一个不会回来的人\n[Chorus]\n星夜狂想，心跳在歌唱\nMoonlight on the window', 'complete', '', now(), ''
  FROM lyricsapp_task, generate_series(0, 1) AS p WHERE task_id = 'pgb-' || :client_id || '-' || :n;
END;
