#!/usr/bin/env bash
# End-to-end tests of the `panorama` command as a user runs it: messages, exit codes,
# and a real `kill -9` in the middle of an ingest.
# Usage: Tests/cli/cli-tests.sh path/to/panorama
set -u
panorama=$(realpath "$1")
scripts=$(realpath "$(dirname "$0")/../../scripts")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
passed=0
failed=0

check() { # name, condition result (0 = pass), detail
    if [ "$2" -eq 0 ]; then
        passed=$((passed + 1))
        echo "✔ $1"
    else
        failed=$((failed + 1))
        echo "✘ $1: $3"
    fi
}

# Runs a command expected to fail: exit status 1, exactly one line on stderr equal to $2,
# and no trace of a crash.
expect_error() { # name, expected message, command...
    local name=$1 expected=$2
    shift 2
    "$@" >out.txt 2>err.txt
    local status=$?
    local lines
    lines=$(wc -l <err.txt)
    if [ "$status" -eq 1 ] && [ "$lines" -eq 1 ] && [ "$(cat err.txt)" = "$expected" ] && ! grep -q "Fatal error\|Stack dump" err.txt; then
        check "$name" 0 ""
    else
        check "$name" 1 "status $status, stderr: $(cat err.txt)"
    fi
}

mkdir notempty && touch notempty/file

# The demo: one command, a demo city generated and ingested without a rejected row.
"$panorama" demo --directory demo --subscribers 1000 --days 2 --no-serve >demo.txt 2>demo-err.txt
grep -q "Ingest #1 committed: 66 files, [0-9,]* rows, 0 rejected" demo.txt
check "demo generates a demo city and ingests every row" $? "$(cat demo.txt demo-err.txt)"
"$panorama" lookup demo/workspace 13812345678 >lookup.txt
grep -q "^Subscriber 138\*\*\*\*5678" lookup.txt && ! grep -q 13812345678 lookup.txt
check "Xiao Wang is in the demo workspace, shown masked" $? "$(cat lookup.txt)"

# The panorama of the demo: built by `demo`, looked at, exported, evaluated.
grep -q "^4. Built the panorama" demo.txt
check "demo builds the panorama" $? "$(cat demo.txt)"
"$panorama" build demo/workspace >build.txt
grep -q "^The panorama is up to date" build.txt
check "a second build with nothing new says it is up to date" $? "$(cat build.txt)"
"$panorama" status demo/workspace >status.txt && "$panorama" status demo/workspace --json >status.json
grep -q "^  panorama      build 1 (full) of 2026-11-02 to 2026-11-03 with the built-in catalog: [0-9,]* subscribers" status.txt \
    && python3 -c "import json; s=json.load(open('status.json')); assert s['panorama']['id'] == 1 and s['subscribers'] == 1000"
check "status shows the current panorama's build" $? "$(cat status.txt status.json)"
"$panorama" profile demo/workspace 13812345678 >profile.txt
grep -q "^Subscriber 138\*\*\*\*5678" profile.txt && grep -q "region/home/" profile.txt && grep -q "^  home " profile.txt \
    && ! grep -q 13812345678 profile.txt
check "profile shows Xiao Wang's anchors and tags, masked" $? "$(cat profile.txt)"
"$panorama" profile demo/workspace 13812345678 --json | python3 -c "import json,sys; v=json.load(sys.stdin); assert v['anchors'] and v['tags']"
check "profile --json is JSON with anchors and tags" $? ""
"$panorama" export demo/workspace --what tags --format csv >tags.csv
head -1 tags.csv | grep -q "^subscriber,dimension,tag,status,support_days,first_seen,last_seen,confidence,evidence$" \
    && [ "$(wc -l <tags.csv)" -gt 1000 ] && ! grep -q 13812345678 tags.csv
check "export writes every tag keyed by pseudonym" $? "$(head -3 tags.csv)"
"$panorama" export demo/workspace --what anchors --format jsonl --reveal --out anchors.jsonl 2>/dev/null
grep -q '"subscriber":"13812345678"' anchors.jsonl && python3 -c "import json; [json.loads(l) for l in open('anchors.jsonl')]" \
    && [ "$(stat -c %a anchors.jsonl)" = 600 ]
check "export --reveal --out writes JSON lines keyed by number, readable by its owner only" $? "$(stat -c %a anchors.jsonl; head -2 anchors.jsonl)"
"$panorama" evaluate demo/workspace --truth demo/city/truth --out evaluation.json >evaluate.txt
grep -q "^  home  exact place" evaluate.txt && grep -q "^  handset_change  " evaluate.txt \
    && python3 -c "import json; e=json.load(open('evaluation.json')); assert e['home']['evaluated'] > 500 and e['moments']['kinds']"
check "evaluate prints and writes home, work, tag and key moment accuracy" $? "$(cat evaluate.txt)"
"$scripts/home-ceiling" demo/city >ceiling.txt 2>&1
python3 - ceiling.txt evaluation.json <<'CEILING'
import json, re, sys
best = float(re.search(r"everyone, at best on the right home +([0-9.]+)%", open(sys.argv[1]).read()).group(1))
built = 100 * json.load(open(sys.argv[2]))["home"]["exactShare"]
assert built <= best < 100, (built, best)
CEILING
check "home-ceiling bounds the share of homes the build places on the right estate" $? "$(cat ceiling.txt; grep home evaluate.txt)"
expect_error "home-ceiling without a city" \
    "nowhere/cells.csv is missing: give the directory \`panorama generate\` wrote, with its truth/ directory." \
    "$scripts/home-ceiling" nowhere
"$panorama" value demo/workspace >value.txt
grep -q "^Value as of 2026-10: [0-9,]* active customers of 1,000" value.txt && grep -q "^    high  " value.txt \
    && grep -q "^    declining  " value.txt && grep -q "^    high_end_leader  " value.txt
check "value prints the mix of tiers, bands, segments and stages" $? "$(cat value.txt)"
"$panorama" value demo/workspace --format csv --out value.csv 2>/dev/null
head -1 value.csv | grep -q "^subscriber,active,tier,arpu_band,spend," && [ "$(wc -l <value.csv)" -eq 1001 ] && ! grep -q 13812345678 value.csv
check "value --format csv writes every customer keyed by pseudonym" $? "$(head -3 value.csv)"
"$panorama" profile demo/workspace 13812345678 >profile-value.txt
grep -q "^  value    [a-z]* value, ARPU" profile-value.txt && grep -q "^  stage    " profile-value.txt && grep -q "^  contact  " profile-value.txt
check "profile shows value, stage with its playbook, and the contact policy" $? "$(cat profile-value.txt)"
expect_error "value for a month without usage" \
    "Error: There is no usage for 1999-01; the workspace has months 2025-11 to 2026-10." \
    "$panorama" value demo/workspace --month 1999-01
grep -q "^5. Trained the churn and downgrade warnings: churn AUC 0\.[0-9]* on the held-out month-ends 2026-08, 2026-09.$" demo.txt \
    && [ -s demo/workspace/risk/model.json ] && mv demo/workspace/risk/model.json demo-model.json
check "demo trains the risk models" $? "$(cat demo.txt)"
expect_error "risk report before any training" \
    "Error: There is no risk model yet ($work/demo/workspace/risk/model.json); run \`panorama risk train\` first." \
    "$panorama" risk report demo/workspace
"$panorama" risk train demo/workspace >train.txt
cmp -s demo-model.json demo/workspace/risk/model.json
check "training again on the same data writes the same model" $? ""
grep -q "^Trained on month-ends 2026-04, 2026-05, 2026-06, 2026-07; tested on 2026-08, 2026-09, held out.$" train.txt \
    && grep -q "^  churn  .*AUC" train.txt && [ -s demo/workspace/risk/model.json ]
check "risk train learns on past month-ends and measures on held-out ones" $? "$(cat train.txt)"
"$panorama" risk report demo/workspace >report.txt
grep -q "^  all features  " report.txt && grep -q "^  usage only  " report.txt && grep -q "^  without contacts who left" report.txt \
    && grep -q "calibration of the full model by decile" report.txt
check "risk report prints AUC, lift and calibration against a usage-only model" $? "$(cat report.txt)"
"$panorama" risk score demo/workspace --format csv --out scores.csv 2>/dev/null && "$panorama" risk score demo/workspace --top 5 >score.txt
head -1 scores.csv | grep -q "^subscriber,churn_score,churn_warning,downgrade_score,downgrade_warning,churn_reasons,downgrade_reasons$" \
    && [ "$(wc -l <scores.csv)" -gt 800 ] && ! grep -q 13812345678 scores.csv \
    && grep -q "^Risk as of the end of 2026-10: [0-9,]* active customers, [0-9,]* with a churn warning" score.txt \
    && [ "$(grep -c '^  1[0-9][0-9]\*\*\*\*' score.txt)" -eq 5 ]
check "risk score writes every customer's scores with reasons, and lists the most at risk masked" $? "$(head -3 scores.csv; cat score.txt)"
"$panorama" moments demo/workspace --limit 3 >moments.txt
"$panorama" moments demo/workspace --kind contract_ending --format jsonl >moments.jsonl
grep -q "^[0-9,]* key moments: handset_change [0-9,]*, quota_overflow" moments.txt && grep -q "→ " moments.txt \
    && python3 -c "import json; m=[json.loads(l) for l in open('moments.jsonl')]; assert m and all(x['kind']=='contract_ending' and x['action'] for x in m)"
check "moments lists key moments with evidence and action, by kind" $? "$(cat moments.txt; head -2 moments.jsonl)"
"$panorama" moments demo/workspace --region BR-1 --format csv >region.csv && "$panorama" moments demo/workspace --format csv >all.csv
[ "$(wc -l <region.csv)" -gt 1 ] && [ "$(wc -l <region.csv)" -lt "$(wc -l <all.csv)" ]
check "moments --region keeps the customers whose home is in the territory" $? "$(wc -l region.csv all.csv)"
expect_error "moments for a territory with no customer" \
    "Error: No customer's home is in BR-9; territory paths look like BR-1/MC-1/AR-1/ST-0001." \
    "$panorama" moments demo/workspace --region BR-9
"$panorama" serve demo/workspace --port 18357 >serve.txt 2>&1 &
serve_pid=$!
python3 - <<'PY' >served.txt 2>&1
import time, urllib.request, urllib.error
for _ in range(300):
    try:
        page = urllib.request.urlopen("http://127.0.0.1:18357/").read().decode()
        break
    except OSError:
        time.sleep(0.2)
customer = urllib.request.urlopen("http://127.0.0.1:18357/customers?number=13812345678").read().decode()
try:
    urllib.request.urlopen("http://127.0.0.1:18357/api/customers/nobody")
    status = 200
except urllib.error.HTTPError as error:
    status = error.code
assert "<b>1,000</b>customers" in page and "<svg" in page, page[:300]
assert "Customer 138****5678" in customer and "13812345678" not in customer
assert status == 404
print("ok")
PY
kill "$serve_pid" 2>/dev/null
grep -q "^ok$" served.txt && grep -q "^Serving 1,000 customers at http://127.0.0.1:18357/" serve.txt && ! grep -q 13812345678 serve.txt
check "serve shows the overview and a customer's page, masked, and answers 404 for an unknown one" $? "$(cat serve.txt served.txt)"
"$panorama" catalog show >catalog.yaml && "$panorama" catalog validate catalog.yaml >validate.txt
grep -q "^catalog.yaml is a valid catalog" validate.txt
check "the default catalog validates" $? "$(cat validate.txt)"
cp catalog.yaml own.yaml && printf '  - path: preference/sport/stadium_goer\n    source: visit\n    place_types: [stadium]\n    min_dwell: 60m\n' >>own.yaml
"$panorama" catalog validate own.yaml >validate.txt && grep -q "^own.yaml is a valid catalog" validate.txt
check "a rule appended to the shown catalog validates (it ends with a newline)" $? "$(cat validate.txt; tail -c 200 own.yaml)"
printf 'version: 1\ntags:\n  - path: preference/sport/golf\n    source: visit\n    place_types: [golf_course]\n    window: "25:00-26:00"\n' >bad.yaml
"$panorama" build demo/workspace --catalog bad.yaml >out.txt 2>err.txt
status=$?
[ "$status" -eq 1 ] && grep -q "bad.yaml:5:19: unknown place type 'golf_course'" err.txt && grep -q "bad.yaml:6:13: malformed time window" err.txt \
    && grep -q "^Nothing was built; the previous panorama stays as it was.$" err.txt \
    && "$panorama" profile demo/workspace 13812345678 | grep -q "panorama of build 1 "
check "an invalid catalog is reported by line and the previous panorama stays" $? "status $status: $(cat err.txt)"
"$panorama" catalog validate bad.yaml >out.txt 2>err.txt
[ $? -eq 1 ] && grep -q "^Error: The tag catalog bad.yaml has 2 problems:$" err.txt && ! grep -q "built" err.txt
check "catalog validate lists the problems and speaks of no build" $? "$(cat err.txt)"
"$panorama" build demo/workspace --full >full.txt
grep -q "^Full build 2 with the built-in catalog (full because --full was given)" full.txt \
    && grep -q "^  time        set-up [0-9.]* s, partitions [0-9.]* s, commit [0-9.]* s; a worker's partitions: states read [0-9.]* s" full.txt
check "a full build on request says why it was full and where its time went" $? "$(cat full.txt)"

# The sample city: three deliberately bad rows, reported.
"$panorama" sample sample-input >/dev/null
"$panorama" init sample >/dev/null
"$panorama" ingest sample sample-input >ingest.txt 2>ingest-err.txt
grep -q "Ingest #1 committed: 14 files" ingest.txt
check "the sample city ingests" $? "$(cat ingest.txt ingest-err.txt)"
"$panorama" status sample | grep -q "^  panorama      not built yet (run \`panorama build sample\`)$"
check "status of a workspace never built says how to build it" $? "$("$panorama" status sample)"
expect_error "a missing catalog file" "Error: Cannot read the tag catalog nowhere.yaml: there is no such file." \
    "$panorama" catalog validate nowhere.yaml
expect_error "a directory given as the catalog" "Error: Cannot read the tag catalog sample: it is a directory, not a catalog file." \
    "$panorama" catalog validate sample
expect_error "profile of a workspace never built" \
    "Error: The workspace $work/sample has no panorama yet; run \`panorama build $work/sample\` first." \
    "$panorama" profile sample 13800138000
expect_error "risk train without a customer who left" \
    "Error: No customer left in the training months (2026-09), so there is nothing to learn a churn warning from; no model was written." \
    "$panorama" risk train sample
[ ! -e sample/risk/model.json ]
check "no model is written when training fails" $? "$(ls sample)"
[ "$(wc -l <sample/rejects/locations.csv)" -eq 4 ]
check "the sample's three bad location rows are reported" $? "$(cat sample/rejects/locations.csv)"
grep -q "^locations.csv: .* 3 rejected (invalid timestamp 1, unknown cell 1, wrong column count 1)" ingest-err.txt
check "ingest prints one line per file when not on a terminal" $? "$(cat ingest-err.txt)"
"$panorama" init tty >/dev/null
script -qec "$panorama ingest tty sample-input" /dev/null >tty.txt 2>&1
tr '\r' '\n' <tty.txt | grep -q "^.\[2Klocations.csv  *[0-9.]*%  [0-9,]* rows  [0-9.]* M rows/s  about .* left"
check "on a terminal, ingest shows percent, rows per second and time left" $? "$(tr '\r' '\n' <tty.txt | head -5)"
"$panorama" lookup sample 13800001234 >lookup.txt
grep -q "^Subscriber 138\*\*\*\*1234" lookup.txt && ! grep -q 13800001234 lookup.txt
check "lookup by full number shows only the masked number" $? "$(cat lookup.txt)"
"$panorama" status sample --json >status.json
python3 -c "import json,sys; s=json.load(open('status.json')); sys.exit(0 if s['subscribers']==500 and s['cells']==80 else 1)"
check "status --json reports the workspace" $? "$(head -c 400 status.json)"

# generate: the same options write the same bytes; bad options and directories are refused.
"$panorama" generate --subscribers 300 --days 1 --seed 9 --out gen-a >/dev/null 2>&1
"$panorama" generate --subscribers 300 --days 1 --seed 9 --out gen-b --workers 1 >/dev/null 2>&1
diff -r -q -x summary.json gen-a gen-b >diff.txt && [ -s gen-a/locations-2026-11-02.csv ] && [ -s gen-a/truth/tags.csv ]
check "generate writes the same files for the same options" $? "$(cat diff.txt)"
"$panorama" generate --subscribers 50 --out gen-c >out.txt 2>err.txt
[ $? -eq 64 ] && grep -q "subscribers must be from 100 to 5M" err.txt && [ ! -e gen-c ]
check "generate refuses a city too small" $? "$(cat err.txt)"
"$panorama" generate --start 1999-12-01 --out gen-d >out.txt 2>err.txt
[ $? -eq 64 ] && grep -q "start must be from 2001-01-01 to 2099-10-31" err.txt && [ ! -e gen-d ]
check "generate refuses a start outside the years times may have" $? "$(cat err.txt)"
expect_error "generate refuses a directory that is not a demo city" \
    "Error: $work/notempty is not an empty directory and does not hold a demo city; choose a new or empty directory." \
    "$panorama" generate --subscribers 100 --days 1 --out notempty

[ "$("$panorama" --version)" = "0.1.0 (workspace format 1)" ]
check "--version names the release and the workspace format" $? "$("$panorama" --version 2>&1)"

# Bad commands: one clear sentence, exit status 1.
expect_error "a wrong workspace path" \
    "Error: $work/nowhere is not a Panorama workspace; create one with \`panorama init $work/nowhere\`." \
    "$panorama" status "$work/nowhere"
expect_error "a missing input directory" "Error: The input directory $work/no-input does not exist." \
    "$panorama" ingest demo/workspace "$work/no-input"
expect_error "init into a directory in use" \
    "Error: $work/notempty already exists and is not empty; choose a new directory for the workspace." \
    "$panorama" init notempty
"$panorama" ingest sample sample-input --max-rejected 2 >out.txt 2>err.txt
[ $? -eq 64 ] && grep -q "max-rejected must be between 0 and 1" err.txt
check "a wrong option value is a usage error" $? "$(cat err.txt)"
"$panorama" init newer >/dev/null
python3 -c "import json; p='newer/panorama.json'; c=json.load(open(p)); c['formatVersion']=99; json.dump(c, open(p, 'w'))"
expect_error "a workspace of a newer format" \
    "Error: The workspace at $work/newer has format version 99, newer than the 1 this panorama reads; upgrade panorama to open it." \
    "$panorama" status newer
"$panorama" init westward --utc-offset -05:00 >out.txt 2>err.txt
grep -q "UTC offset -05:00" out.txt
check "init takes a negative UTC offset" $? "$(cat out.txt err.txt)"
"$panorama" init badpartitions --partitions 0 >out.txt 2>err.txt
[ $? -eq 64 ] && grep -q "partitions must be between 1 and 4096" err.txt && [ ! -e badpartitions ]
check "a wrong init option is a usage error that creates nothing" $? "$(cat err.txt)"
"$panorama" lookup demo/workspace 138-0000 >out.txt 2>err.txt
[ $? -eq 64 ] && grep -q "5 to 20 digits" err.txt
check "lookup refuses what is not a number" $? "$(cat err.txt)"
"$panorama" profile demo/workspace 138-1234-5678 >out.txt 2>err.txt
[ $? -eq 64 ] && grep -q "5 to 20 digits" err.txt && ! grep -q "5678" err.txt
check "profile refuses what is not a number, naming no one" $? "$(cat out.txt err.txt)"
"$panorama" build demo/workspace --workers -1 >out.txt 2>err.txt
[ $? -eq 64 ] && grep -q "^Error: --workers must be between 1 and 64.$" err.txt
check "a negative number of workers is named as out of range, not as a missing value" $? "$(cat err.txt)"
"$panorama" moments demo/workspace --limit -3 >out.txt 2>err.txt
[ $? -eq 64 ] && grep -q "^Error: --limit must be at least 1.$" err.txt
check "a negative limit is named as such" $? "$(cat err.txt)"
expect_error "an unknown subscriber" "Error: No subscriber 139****0000 in this workspace." \
    "$panorama" lookup demo/workspace 13900000000

# kill -9 in the middle of an ingest leaves the workspace exactly as it was.
"$panorama" sample big --subscribers 5000 --days 2 --clean >/dev/null
"$panorama" init crash >/dev/null
"$panorama" ingest crash sample-input >/dev/null 2>&1
"$panorama" status crash --json >before.json
segments_before=$(find crash/records -name '*.seg' | wc -l)
"$panorama" ingest crash big >/dev/null 2>&1 &
pid=$!
sleep 1.5
kill -9 "$pid" 2>/dev/null
killed=$?
wait "$pid" 2>/dev/null
status=$?
[ "$killed" -eq 0 ] && [ "$status" -eq 137 ]
check "the ingest was still running when killed" $? "kill status $killed, exit status $status"
"$panorama" status crash --json >after.json
cmp -s before.json after.json
check "a killed ingest leaves the workspace as it was" $? "$(diff before.json after.json)"
"$panorama" ingest crash big >/dev/null 2>&1
expected_segments=$(python3 -c "import json; print(json.load(open('/dev/stdin'))['segments'])" < <("$panorama" status crash --json))
[ "$(find crash/records -name '*.seg' | wc -l)" -eq "$expected_segments" ] && [ "$expected_segments" -gt "$segments_before" ]
check "the next ingest removes what the killed one left and commits" $? "$(find crash/records -name '*.seg' | wc -l) files, $expected_segments in manifest"
[ -z "$(ls -A crash | grep '^\.staging-')" ]
check "no staging directory survives" $? "$(ls -A crash)"

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
