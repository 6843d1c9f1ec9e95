-- Takes the next slot of a rate paced by GCRA: one "theoretical arrival time" (TAT) per key,
-- in microseconds on Redis' own clock, so that every instance paces the key together.
-- KEYS[1]: the key's TAT.
-- ARGV[1]: microseconds between slots; ARGV[2]: slots that may be taken at once (burst);
-- ARGV[3]: '1' reserves the next slot even when it lies ahead (the caller waits for it),
-- '0' takes a slot only when one is free now.
-- Returns the microseconds until the slot: when reserving, the wait for the slot taken;
-- otherwise 0 when a slot was taken, or the wait until one is free (nothing taken).
local now = redis.call('TIME')
local t = tonumber(now[1]) * 1000000 + tonumber(now[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < t then tat = t end
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local wait = tat + interval - burst * interval - t
if wait > 0 and ARGV[3] ~= '1' then
  return wait
end
redis.call('SET', KEYS[1], tat + interval, 'PX', math.floor((tat + interval - t) / 1000) + 1000)
if wait < 0 then
  return 0
end
return wait
