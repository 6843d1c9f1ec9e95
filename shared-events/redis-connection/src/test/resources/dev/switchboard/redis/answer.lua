-- A script for the tests: answers with its first argument.
return tonumber(ARGV[1])
