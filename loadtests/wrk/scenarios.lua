-- Buurtbudget load scenarios for wrk, run by the load-test driver (loadtests/Buurtbudget.LoadTests), in one of two
-- shapes:
--   one connection per thread (wrk -t N -c N): each thread then has exactly one request in flight, so a response
--     belongs to the request its thread sent last, and pacing per thread is pacing per connection. Every scenario and
--     both models run so.
--   shared (wrk -t T -c C, C > T; BB_CONNECTIONS=C): a thread drives many connections, as a load engine on few cores
--     does. wrk does not tell the script which connection a response came on, so a response cannot be paired with its
--     request: only the closed model and the scenarios that need no pairing run so (the pings and first-ballot).
--     Latencies are then wrk's own (from sending to the answer), a response counts when it arrives in the measured
--     window, and a first ballot's resident is marked sent with its subset negated (-s): the driver reads those
--     residents' ballots back to learn which landed.
--
-- Two models, as NBomber has them:
--   closed (BB_RATE=0): every connection sends its next request as soon as the previous one is answered; the
--     throughput is the saturation rate at that concurrency.
--   open (BB_RATE=R): requests are due on a fixed schedule, R per second over all connections. When the platform
--     answers a connection's previous request only after the next one was due, that request's latency is measured
--     from the moment it was due, not from when it could be sent: when the platform stalls, the requests that should
--     have gone out meanwhile carry the stall in their latency (no coordinated omission, as wrk2 does it).
--     Requests that were due inside the measured window but never sent are counted as "unsent": a run with
--     unsent requests did not sustain its offered rate, and the report says so.
--     Each thread's schedule (and its warm-up and measured window) starts when that thread is ready to send: wrk
--     runs every thread's init (reading its residents' tokens) one after the other before starting it, so with 64
--     threads the last one starts about 1.5 s after the first on two cores. Counted from wrk's start, the requests
--     due meanwhile all came due at once, and the backlog wrk made itself was measured as the platform's latency
--     (seen: in an open ping run the longest wait rose to 1.5 s while the threads started and to 3.2 s after, and the
--     backlog lasted until 11.7 s, well into the measured window, while the node answered within milliseconds).
--
-- The driver's environment:
--   BB_SCENARIO  ping | ping-signed-in | first-ballot | replace | tally | proposals | mixed
--   BB_ROUND     the round's id (not for the ping scenarios)
--   BB_DIR       holds tokens/<thread>.txt (one resident token per line) and state/<thread>.txt (the subset each of
--                those residents has a ballot for, 0 for none), and staff.txt (coordinator and auditor tokens)
--   BB_THREADS   the number of threads; BB_CONNECTIONS the number of connections (default: one per thread)
--   BB_RATE      the offered rate in requests per second over all threads, 0 for the closed model
--   BB_WARMUP_S, BB_MEASURE_S  the warm-up and the measured window, in seconds, from the start
--   BB_OUT       the JSON result file; BB_STATE_OUT the residents' ballots afterwards ("resident subset" lines)
--   BB_SLOW_START_MS  optional: each thread waits this long after reading its files, as a slow start would (tests)
--
-- Resident r (0-based) is thread r % BB_THREADS's resident r // BB_THREADS. A ballot for subset s (1..7) chooses
-- proposals s and 8; a write always chooses another subset than the resident's current one, so every acknowledged
-- write changes the ballot and must add exactly one ballot event.

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bb_timespec;
int clock_gettime(int clock_id, bb_timespec *tp);
int usleep(unsigned int usec);
]]
local clock_buffer = ffi.new("bb_timespec")
local CLOCK_MONOTONIC = 1

local function now_us()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, clock_buffer)
  return tonumber(clock_buffer.tv_sec) * 1000000 + math.floor(tonumber(clock_buffer.tv_nsec) / 1000)
end

local function env_number(name)
  local value = tonumber(os.getenv(name) or "")
  if value == nil then
    error(name .. " must be set to a number")
  end
  return value
end

local scenario = os.getenv("BB_SCENARIO") or error("BB_SCENARIO must be set")
local round = os.getenv("BB_ROUND") or ""
local dir = os.getenv("BB_DIR") or ""
local thread_count = env_number("BB_THREADS")
local rate = env_number("BB_RATE")
local connection_count = tonumber(os.getenv("BB_CONNECTIONS") or "") or thread_count
local shared = connection_count > thread_count
if shared and (rate > 0 or not (scenario == "ping" or scenario == "ping-signed-in" or scenario == "first-ballot")) then
  error("with several connections per thread only the closed model of ping, ping-signed-in and first-ballot runs")
end
local warmup_us = env_number("BB_WARMUP_S") * 1000000
local measure_us = env_number("BB_MEASURE_S") * 1000000

-- Open model: the time between two requests of one thread (its connection).
local interval_us = rate > 0 and thread_count * 1000000 / rate or 0

local SUBSETS = 7
local SHARED_PROPOSAL = 8

-- Latencies go into buckets 1% wide (bucket i holds latencies from 1.01^i to 1.01^(i+1) microseconds), so
-- percentiles are within 1% however long the tail.
local BUCKET_BASE = math.log(1.01)

-- The scenarios that need to know who has a ballot.
local uses_ballots = { ["first-ballot"] = true, ["replace"] = true, ["mixed"] = true }

-- ---------------------------------------------------------------------------------------------------------------
-- The main state: numbers the threads, and merges their figures when the run is over.

local threads = {}
started_us = nil

function setup(thread)
  if started_us == nil then
    started_us = now_us()
  end
  thread:set("id", #threads)
  thread:set("started_us", started_us)
  table.insert(threads, thread)
end

-- ---------------------------------------------------------------------------------------------------------------
-- A thread's state: its residents, their ballots, its schedule and its figures.

tokens = {}
state = {}
staff = {}
histogram = {}
counts = { sent = 0, answered = 0, measured = 0, acknowledged = 0, s2xx = 0, s4xx = 0, s429 = 0, s5xx = 0, other = 0 }
exhausted = false
next_due_us = nil

-- This thread's warm-up ends and its measured window starts (open model: from the moment it was ready to send).
measure_from_us = 0
measure_until_us = 0
local cursor = 0
local staff_cursor = 0

-- The request in flight (one per thread): what it was, for whom, and when its latency started.
pending_kind = nil
pending_resident = nil
pending_subset = nil
local pending_start_us = 0
local last_answer_us = 0

local function read_lines(path, convert)
  local lines = {}
  local file = io.open(path, "r")
  if file == nil then
    error("cannot open " .. path)
  end
  for line in file:lines() do
    if line ~= "" then
      table.insert(lines, convert and convert(line) or line)
    end
  end
  file:close()
  return lines
end

function init(args)
  if scenario ~= "ping" then
    tokens = read_lines(dir .. "/tokens/" .. id .. ".txt")
    if uses_ballots[scenario] then
      state = read_lines(dir .. "/state/" .. id .. ".txt", tonumber)
    end
    staff = read_lines(dir .. "/staff.txt")
  end
  local slow_start_ms = tonumber(os.getenv("BB_SLOW_START_MS") or "") or 0
  if slow_start_ms > 0 then
    ffi.C.usleep(slow_start_ms * 1000)
  end
  -- Closed model: every thread's window counts from wrk's start (each sends as soon as it can anyway). Open model: from
  -- now, when this thread can keep its schedule (see the top).
  local origin_us = rate > 0 and now_us() or started_us
  measure_from_us = origin_us + warmup_us
  measure_until_us = measure_from_us + measure_us
  if rate > 0 then
    -- The threads' schedules are spread over one interval, so they do not all send at the same instant.
    next_due_us = origin_us + interval_us * id / thread_count
  end
end

if rate > 0 then
  -- Milliseconds until the next request is due; 0 when it is already late (it is then sent at once).
  function delay()
    local wait = next_due_us - now_us()
    if wait <= 0 then
      return 0
    end
    return math.floor(wait / 1000)
  end
end

-- The next resident of this thread with a ballot (want_ballot) or without one; nil when there is none. A resident
-- whose first ballot was sent in the shared shape (negative: outcome unknown) counts as one with a ballot.
local function next_resident(want_ballot)
  local n = #tokens
  for _ = 1, n do
    cursor = cursor % n + 1
    if (state[cursor] ~= 0) == want_ballot then
      return cursor
    end
  end
  return nil
end

local function next_any_resident()
  cursor = cursor % #tokens + 1
  return cursor
end

local function bearer(token)
  return { ["Authorization"] = "Bearer " .. token }
end

local function ballot_request(resident)
  local subset = state[resident] % SUBSETS + 1
  pending_kind = "write"
  pending_resident = resident
  pending_subset = subset
  if shared then
    state[resident] = -subset
  end
  local body = '{"choices":[{"proposalId":' .. subset .. '},{"proposalId":' .. SHARED_PROPOSAL .. '}]}'
  local headers = bearer(tokens[resident])
  headers["Content-Type"] = "application/json"
  return wrk.format("PUT", "/api/rounds/" .. round .. "/ballot", headers, body)
end

local function read_request(path, token)
  pending_kind = "read"
  pending_resident = nil
  return wrk.format("GET", path, bearer(token))
end

local function staff_token()
  staff_cursor = staff_cursor % #staff + 1
  return staff[staff_cursor]
end

local function write_or_stop(want_ballot)
  local resident = next_resident(want_ballot)
  if resident ~= nil then
    return ballot_request(resident)
  end
  -- Every resident of this thread has voted (first ballots) or none has (replacements): the thread stops, and a
  -- request that is not counted fills the slot wrk asks for.
  exhausted = true
  wrk.thread:stop()
  pending_kind = "filler"
  return wrk.format("GET", "/api/ping")
end

local function build()
  if scenario == "ping" then
    pending_kind = "read"
    return wrk.format("GET", "/api/ping")
  elseif scenario == "ping-signed-in" then
    return read_request("/api/ping/signed-in", tokens[next_any_resident()])
  elseif scenario == "first-ballot" then
    return write_or_stop(false)
  elseif scenario == "replace" then
    return write_or_stop(true)
  elseif scenario == "tally" then
    return read_request("/api/rounds/" .. round .. "/tally", staff_token())
  elseif scenario == "proposals" then
    return read_request("/api/rounds/" .. round .. "/proposals", tokens[next_any_resident()])
  elseif scenario == "mixed" then
    -- A day in voting: 10% of the requests cast or change a ballot, 90% read (the proposal list, one's own ballot,
    -- and now and then a coordinator looking at the live tally).
    local draw = math.random()
    if draw < 0.10 then
      return write_or_stop(true)
    elseif draw < 0.60 then
      return read_request("/api/rounds/" .. round .. "/proposals", tokens[next_any_resident()])
    elseif draw < 0.95 then
      return read_request("/api/rounds/" .. round .. "/ballot", tokens[next_resident(true) or next_any_resident()])
    else
      return read_request("/api/rounds/" .. round .. "/tally", staff_token())
    end
  end
  error("unknown scenario " .. scenario)
end

function request()
  local now = now_us()
  local start = now
  if next_due_us ~= nil then
    -- The schedule never moves: a request sent a little early (wrk's timers count whole milliseconds) is followed by a
    -- longer wait, so the offered rate holds on average.
    local due = next_due_us
    next_due_us = due + interval_us
    -- Answered after this request was due: the platform held the connection, and the wait until now is part of
    -- this request's latency. Otherwise the connection was idle until the timer fired, and the latency starts now.
    if last_answer_us > due then
      start = due
    end
  end
  pending_start_us = start
  counts.sent = counts.sent + 1
  return build()
end

-- Shared shape: the request a response answers is not known (see the top), so it counts by status and by when it
-- arrived; a first ballot's 200 is acknowledged without knowing whose (the fillers sent once a thread ran out of
-- residents are pings, which a ballot's 200 is not told apart from: a shared run must not run out).
local function shared_response(status, now)
  counts.answered = counts.answered + 1
  if status >= 200 and status < 300 then
    counts.s2xx = counts.s2xx + 1
    if scenario == "first-ballot" and status == 200 and not exhausted then
      counts.acknowledged = counts.acknowledged + 1
    end
  elseif status == 429 then
    counts.s429 = counts.s429 + 1
  elseif status >= 400 and status < 500 then
    counts.s4xx = counts.s4xx + 1
  elseif status >= 500 then
    counts.s5xx = counts.s5xx + 1
  else
    counts.other = counts.other + 1
  end
  if now >= measure_from_us and now < measure_until_us then
    counts.measured = counts.measured + 1
  end
end

function response(status, headers, body)
  local now = now_us()
  last_answer_us = now
  if shared then
    shared_response(status, now)
    return
  end
  local kind = pending_kind
  pending_kind = nil
  if kind == nil or kind == "filler" then
    return
  end
  counts.answered = counts.answered + 1
  if status >= 200 and status < 300 then
    counts.s2xx = counts.s2xx + 1
  elseif status == 429 then
    counts.s429 = counts.s429 + 1
  elseif status >= 400 and status < 500 then
    counts.s4xx = counts.s4xx + 1
  elseif status >= 500 then
    counts.s5xx = counts.s5xx + 1
  else
    counts.other = counts.other + 1
  end
  if kind == "write" and status == 200 then
    state[pending_resident] = pending_subset
    counts.acknowledged = counts.acknowledged + 1
  end
  if pending_start_us >= measure_from_us and pending_start_us < measure_until_us then
    counts.measured = counts.measured + 1
    local latency = now - pending_start_us
    if latency < 1 then
      latency = 1
    end
    local bucket = math.floor(math.log(latency) / BUCKET_BASE)
    histogram[bucket] = (histogram[bucket] or 0) + 1
  end
  pending_resident = nil
end

-- ---------------------------------------------------------------------------------------------------------------
-- Back in the main state: merge, and write the figures for the driver.

local function percentile(buckets, total, fraction)
  if total == 0 then
    return 0
  end
  local keys = {}
  for bucket in pairs(buckets) do
    table.insert(keys, bucket)
  end
  table.sort(keys)
  local wanted = math.ceil(total * fraction)
  local seen = 0
  for _, bucket in ipairs(keys) do
    seen = seen + buckets[bucket]
    if seen >= wanted then
      -- The bucket's upper bound: never reports a latency lower than one that happened.
      return math.exp((bucket + 1) * BUCKET_BASE) / 1000
    end
  end
  return math.exp((keys[#keys] + 1) * BUCKET_BASE) / 1000
end

function done(summary, latency, requests)
  local ended_us = now_us()
  local merged = {}
  local total = { sent = 0, answered = 0, measured = 0, acknowledged = 0, s2xx = 0, s4xx = 0, s429 = 0, s5xx = 0, other = 0 }
  local in_flight = {}
  local any_exhausted = false
  local unsent_total = 0
  local state_out = os.getenv("BB_STATE_OUT")
  local state_file = state_out and state_out ~= "" and io.open(state_out, "w") or nil

  for index, thread in ipairs(threads) do
    local thread_id = index - 1
    for name, value in pairs(thread:get("counts")) do
      total[name] = total[name] + value
    end
    for bucket, count in pairs(thread:get("histogram")) do
      merged[bucket] = (merged[bucket] or 0) + count
    end
    if thread:get("exhausted") then
      any_exhausted = true
    end
    -- Slots of the schedule inside the measured window that the thread never reached.
    if rate > 0 then
      local due = thread:get("next_due_us")
      local window_end = math.min(thread:get("measure_until_us"), ended_us)
      if due ~= nil and due < window_end then
        unsent_total = unsent_total + math.floor((window_end - due) / interval_us)
      end
    end
    if not shared and thread:get("pending_kind") == "write" then
      table.insert(in_flight, string.format('{"resident":%d,"subset":%d}',
        (thread:get("pending_resident") - 1) * thread_count + thread_id, thread:get("pending_subset")))
    end
    if state_file ~= nil then
      local thread_state = thread:get("state")
      for position, subset in pairs(thread_state) do
        state_file:write((position - 1) * thread_count + thread_id, " ", subset, "\n")
      end
    end
  end
  if state_file ~= nil then
    state_file:close()
  end

  local p50, p90, p99, p999, pmax
  if shared then
    -- wrk's own latencies (microseconds), from sending to the answer, over the whole run.
    p50, p90, p99, p999 = latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000
    pmax = latency.max / 1000
  else
    p50, p90, p99, p999 = percentile(merged, total.measured, 0.50), percentile(merged, total.measured, 0.90), percentile(merged, total.measured, 0.99), percentile(merged, total.measured, 0.999)
    pmax = percentile(merged, total.measured, 1.0)
  end

  local file = io.open(os.getenv("BB_OUT"), "w")
  file:write(string.format(
    '{"scenario":"%s","offeredRps":%.3f,"measureSeconds":%.3f,"sent":%d,"answered":%d,"measured":%d,' ..
    '"acknowledged":%d,"status2xx":%d,"status4xx":%d,"status429":%d,"status5xx":%d,"statusOther":%d,' ..
    '"socketErrors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},"unsent":%d,"exhausted":%s,' ..
    '"p50Ms":%.3f,"p90Ms":%.3f,"p99Ms":%.3f,"p999Ms":%.3f,"maxMs":%.3f,"inFlight":[%s]}\n',
    scenario, rate, measure_us / 1000000, total.sent, total.answered, total.measured,
    total.acknowledged, total.s2xx, total.s4xx, total.s429, total.s5xx, total.other,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout,
    unsent_total, tostring(any_exhausted), p50, p90, p99, p999, pmax, table.concat(in_flight, ",")))
  file:close()
end
