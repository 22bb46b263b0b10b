-- wrk script: POST lyrics callbacks, each with a unique task id unless
-- CALLBACK_TASK_ID is fixed (the duplicate storm).
local threads = {}
local counter = 0

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

local template = [[
{"code": 200, "msg": "All generated successfully.", "data": {"callbackType": "complete", "task_id": "%s", "data": [{"error_message": "", "status": "complete", "text": "[Verse]\n月光洒满了窗台，风轻轻吹过街角\n我在等一个不会回来的人\n[Chorus]\n星夜狂想，心跳在歌唱\nMoonlight on the window, I keep on singing\n[Outro]\n月光 月光", "title": "星夜狂想"}, {"error_message": "", "status": "complete", "text": "[Verse 1]\nCity lights are fading slowly into blue\nEvery road I travel leads me back to you\n[Chorus]\nHold on, hold on, the night is young\nWe sing the song that we have never sung", "title": "Moonlight Avenue"}]}}
]]

function init(args)
  prefix = args[1] or "bench"
  fixed = args[2]
end

function request()
  counter = counter + 1
  local task_id = fixed or string.format("%s-%d-%d", prefix, thread_number, counter)
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, string.format(template, task_id))
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"errors_connect": %d, "errors_read": %d, "errors_write": %d, "errors_status": %d, "errors_timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end
