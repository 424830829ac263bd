-- Writes one cache entry, atomically; see RedisCache for the layout.
-- KEYS[1] the hash, KEYS[2] its history list, KEYS[3] the kind's index (sorted set)
-- ARGV[1] event time (epoch ms), ARGV[2] fetch time (epoch ms, 0 without one), ARGV[3] JSON,
-- ARGV[4] TTL (ms), ARGV[5] history length, ARGV[6] channel, ARGV[7] change message,
-- ARGV[8] the index member (the entry's key), ARGV[9..] the hash's field/value pairs.
-- Returns 1 when the entry changed the cache, 0 for a replay of what it holds (nothing written
-- but the TTLs), -1 for an entry older than the one it holds (nothing written).
local event_ms = tonumber(ARGV[1])
local fetched_ms = tonumber(ARGV[2])
local json = ARGV[3]
local ttl = tonumber(ARGV[4])
local history_length = tonumber(ARGV[5])

-- The server's clock, so the index's scores and the keys' TTLs run on one clock.
local time = redis.call('TIME')
local now_ms = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

local stored = redis.call('HMGET', KEYS[1], '_event_ms', '_fetched_ms', 'json')
local outcome = 1
if stored[1] then
  local stored_event = tonumber(stored[1])
  local stored_fetched = tonumber(stored[2]) or 0
  if event_ms < stored_event or (event_ms == stored_event and fetched_ms < stored_fetched) then
    return -1
  end
  if event_ms == stored_event and fetched_ms == stored_fetched then
    -- Same time: the same JSON is a replay; so is a JSON already in the history (the earlier of
    -- two states of one time, replayed after the later one). A JSON never seen is a correction.
    if stored[3] == json or (history_length > 0 and redis.call('LPOS', KEYS[2], json)) then
      outcome = 0
    end
  end
end

-- Index members whose last write is older than the TTL belong to expired hashes.
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now_ms - ttl)

if outcome == 0 then
  -- The feed still says this: keep it as long as a fresh write would.
  redis.call('PEXPIRE', KEYS[1], ttl)
  redis.call('PEXPIRE', KEYS[2], ttl)
  redis.call('ZADD', KEYS[3], now_ms, ARGV[8])
  redis.call('PEXPIRE', KEYS[3], ttl)
  return 0
end

-- DEL first: a field that became null must not keep its old value.
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(ARGV, 9))
redis.call('PEXPIRE', KEYS[1], ttl)
if history_length > 0 then
  redis.call('LPUSH', KEYS[2], json)
  redis.call('LTRIM', KEYS[2], 0, history_length - 1)
  redis.call('PEXPIRE', KEYS[2], ttl)
else
  redis.call('DEL', KEYS[2])
end
redis.call('ZADD', KEYS[3], now_ms, ARGV[8])
redis.call('PEXPIRE', KEYS[3], ttl)
redis.call('PUBLISH', ARGV[6], ARGV[7])
return 1
