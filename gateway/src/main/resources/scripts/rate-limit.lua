-- Checks every window of an API key and of its tenant at once and, only when all allow the
-- request, counts it in each (fixed windows on Redis' own clock, so every replica agrees).
-- KEYS: one counter prefix per scope (key, tenant).
-- ARGV: for each scope, the number of windows followed by limit and length (ms) per window.
-- Returns {allowed (1/0), limit, remaining, reset ms} of the tightest window, then retry-after ms.
redis.replicate_commands()
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local counters, lengths = {}, {}
local allowed = 1
local tight_limit, tight_remaining, tight_reset = -1, -1, 0
local retry = 0
local arg = 1
for scope = 1, #KEYS do
  local windows = tonumber(ARGV[arg])
  arg = arg + 1
  for _ = 1, windows do
    local limit = tonumber(ARGV[arg])
    local length = tonumber(ARGV[arg + 1])
    arg = arg + 2
    local bucket = math.floor(now / length)
    local counter = KEYS[scope] .. ':' .. length .. ':' .. bucket
    local used = tonumber(redis.call('GET', counter) or '0')
    local reset = (bucket + 1) * length - now
    local remaining = limit - used - 1
    if remaining < 0 then
      allowed = 0
      remaining = 0
      if reset > retry then retry = reset end
    end
    if tight_remaining < 0 or remaining < tight_remaining or (remaining == tight_remaining and reset > tight_reset) then
      tight_limit, tight_remaining, tight_reset = limit, remaining, reset
    end
    counters[#counters + 1] = counter
    lengths[#lengths + 1] = length
  end
end
if allowed == 1 then
  for i = 1, #counters do
    if redis.call('INCR', counters[i]) == 1 then
      redis.call('PEXPIRE', counters[i], lengths[i] + 1000)
    end
  end
end
return {allowed, tight_limit, tight_remaining, tight_reset, retry}
