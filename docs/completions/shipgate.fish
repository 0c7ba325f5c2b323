# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_shipgate_global_optspecs
    string join \n config= format= fail-on= color= q/quiet v/verbose output-version= h/help V/version
end

function __fish_shipgate_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_shipgate_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_shipgate_using_subcommand
    set -l cmd (__fish_shipgate_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c shipgate -n "__fish_shipgate_needs_command" -l config -d 'Path to shipgate.toml [default: found by walking up from the current directory]' -r -F
complete -c shipgate -n "__fish_shipgate_needs_command" -l format -d 'Output format for findings' -r -f -a "text\t'Human-readable, coloured on a terminal, with source lines and help'
json\t'Stable machine-readable JSON (schema in docs/output.md)'
github\t'GitHub Actions workflow commands (annotations on the PR)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports'
markdown\t'A compact Markdown table, for a PR comment'
gitlab\t'GitLab Code Quality JSON, for a merge request\'s `codequality` report'"
complete -c shipgate -n "__fish_shipgate_needs_command" -l fail-on -d 'Lowest level that makes the gate block (exit 1) [default: error]' -r
complete -c shipgate -n "__fish_shipgate_needs_command" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t''
never\t''"
complete -c shipgate -n "__fish_shipgate_needs_command" -l output-version -d 'Version of the output contract to write [default: 2]' -r
complete -c shipgate -n "__fish_shipgate_needs_command" -s q -l quiet -d 'Print only findings, no summary or progress'
complete -c shipgate -n "__fish_shipgate_needs_command" -s v -l verbose -d 'Print more detail (repeat for debug logs)'
complete -c shipgate -n "__fish_shipgate_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipgate -n "__fish_shipgate_needs_command" -s V -l version -d 'Print version'
complete -c shipgate -n "__fish_shipgate_needs_command" -f -a "rules" -d 'List the rules, or explain one rule'
complete -c shipgate -n "__fish_shipgate_needs_command" -f -a "broker" -d 'Run the contract broker, or manage its tokens'
complete -c shipgate -n "__fish_shipgate_needs_command" -f -a "publish" -d 'Publish pact files to a broker for a consumer version'
complete -c shipgate -n "__fish_shipgate_needs_command" -f -a "create-version" -d 'Create or update a pacticipant version with its branch and tags'
complete -c shipgate -n "__fish_shipgate_needs_command" -f -a "environment" -d 'Create or list the broker\'s deployment environments'
complete -c shipgate -n "__fish_shipgate_needs_command" -f -a "record-deployment" -d 'Record that a version was deployed to an environment'
complete -c shipgate -n "__fish_shipgate_needs_command" -f -a "record-undeployment" -d 'Record that a pacticipant is no longer deployed to an environment'
complete -c shipgate -n "__fish_shipgate_needs_command" -f -a "record-release" -d 'Record that a version was released (mobile apps, libraries) to an environment'
complete -c shipgate -n "__fish_shipgate_needs_command" -f -a "record-support-ended" -d 'Record that a released version is no longer supported in an environment'
complete -c shipgate -n "__fish_shipgate_needs_command" -f -a "can-i-deploy" -d 'Ask the broker whether a version can be deployed to an environment (exit 0 yes, 1 no)'
complete -c shipgate -n "__fish_shipgate_needs_command" -f -a "lint-migrations" -d 'Lint SQL migrations for expand/migrate/contract safety and dangerous locks'
complete -c shipgate -n "__fish_shipgate_needs_command" -f -a "diff" -d 'Report breaking changes between two versions of an OpenAPI document'
complete -c shipgate -n "__fish_shipgate_needs_command" -f -a "verify" -d 'Verify pacts against a running provider (replays every interaction)'
complete -c shipgate -n "__fish_shipgate_needs_command" -f -a "stub" -d 'Serve pacts as an HTTP stub of the provider, for offline consumer tests'
complete -c shipgate -n "__fish_shipgate_needs_command" -f -a "check-contract" -d 'Check that a pact\'s interactions are valid against the provider\'s OpenAPI document'
complete -c shipgate -n "__fish_shipgate_needs_command" -f -a "init" -d 'Detect migrations and OpenAPI documents; write shipgate.toml (and a CI workflow)'
complete -c shipgate -n "__fish_shipgate_needs_command" -f -a "publish-provider-contract" -d 'Publish a provider\'s OpenAPI document with its self-verification result (bi-directional contracts)'
complete -c shipgate -n "__fish_shipgate_needs_command" -f -a "publish-migrations" -d 'Record the SQL migrations a version carries, for the gate\'s migration checks'
complete -c shipgate -n "__fish_shipgate_needs_command" -f -a "gate" -d 'Overrides of the gate: let a known break through until a date, and list them'
complete -c shipgate -n "__fish_shipgate_needs_command" -f -a "gitops" -d 'GitOps: gate a manifests pull request, and keep the broker in step with the manifests'
complete -c shipgate -n "__fish_shipgate_needs_command" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, elvish, powershell)'
complete -c shipgate -n "__fish_shipgate_using_subcommand rules" -l config -d 'Path to shipgate.toml [default: found by walking up from the current directory]' -r -F
complete -c shipgate -n "__fish_shipgate_using_subcommand rules" -l format -d 'Output format for findings' -r -f -a "text\t'Human-readable, coloured on a terminal, with source lines and help'
json\t'Stable machine-readable JSON (schema in docs/output.md)'
github\t'GitHub Actions workflow commands (annotations on the PR)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports'
markdown\t'A compact Markdown table, for a PR comment'
gitlab\t'GitLab Code Quality JSON, for a merge request\'s `codequality` report'"
complete -c shipgate -n "__fish_shipgate_using_subcommand rules" -l fail-on -d 'Lowest level that makes the gate block (exit 1) [default: error]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand rules" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t''
never\t''"
complete -c shipgate -n "__fish_shipgate_using_subcommand rules" -l output-version -d 'Version of the output contract to write [default: 2]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand rules" -s q -l quiet -d 'Print only findings, no summary or progress'
complete -c shipgate -n "__fish_shipgate_using_subcommand rules" -s v -l verbose -d 'Print more detail (repeat for debug logs)'
complete -c shipgate -n "__fish_shipgate_using_subcommand rules" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipgate -n "__fish_shipgate_using_subcommand rules" -s V -l version -d 'Print version'
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and not __fish_seen_subcommand_from serve token backup" -l config -d 'Path to shipgate.toml [default: found by walking up from the current directory]' -r -F
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and not __fish_seen_subcommand_from serve token backup" -l format -d 'Output format for findings' -r -f -a "text\t'Human-readable, coloured on a terminal, with source lines and help'
json\t'Stable machine-readable JSON (schema in docs/output.md)'
github\t'GitHub Actions workflow commands (annotations on the PR)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports'
markdown\t'A compact Markdown table, for a PR comment'
gitlab\t'GitLab Code Quality JSON, for a merge request\'s `codequality` report'"
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and not __fish_seen_subcommand_from serve token backup" -l fail-on -d 'Lowest level that makes the gate block (exit 1) [default: error]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and not __fish_seen_subcommand_from serve token backup" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t''
never\t''"
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and not __fish_seen_subcommand_from serve token backup" -l output-version -d 'Version of the output contract to write [default: 2]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and not __fish_seen_subcommand_from serve token backup" -s q -l quiet -d 'Print only findings, no summary or progress'
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and not __fish_seen_subcommand_from serve token backup" -s v -l verbose -d 'Print more detail (repeat for debug logs)'
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and not __fish_seen_subcommand_from serve token backup" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and not __fish_seen_subcommand_from serve token backup" -s V -l version -d 'Print version'
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and not __fish_seen_subcommand_from serve token backup" -f -a "serve" -d 'Run the broker (Pact Broker compatible HAL API, can-i-deploy)'
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and not __fish_seen_subcommand_from serve token backup" -f -a "token" -d 'Manage API tokens (stored as SHA-256 hashes)'
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and not __fish_seen_subcommand_from serve token backup" -f -a "backup" -d 'Write a consistent copy of an SQLite broker database, while it runs'
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from serve" -l listen -d 'Address to listen on [default: 127.0.0.1:9292]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from serve" -l database-url -d 'sqlite://FILE or postgres://USER@HOST/DB [default: sqlite://shipgate.db]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from serve" -l public-url -d 'Base URL used in links when behind a proxy [default: from the Host header]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from serve" -l basic-auth-username -d 'Basic auth user with read-write access' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from serve" -l basic-auth-password -d 'Password of the read-write user' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from serve" -l read-only-username -d 'Basic auth user with read-only access' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from serve" -l read-only-password -d 'Password of the read-only user' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from serve" -l auth -d 'Whether credentials are required: auto (once a basic user or any token exists), on, off [default: auto]' -r -f -a "auto\t'Required as soon as a basic user is configured or any token exists'
on\t'Always required'
off\t'Never required (refused on a non-loopback address without --allow-public-write)'"
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from serve" -l trusted-proxy -d 'Address or CIDR block of a reverse proxy that authenticates people (repeatable); with --proxy-user-header' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from serve" -l proxy-user-header -d 'Header in which a trusted proxy names the user (read access), such as X-Forwarded-User' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from serve" -l body-limit -d 'Largest request body, such as 10MiB [default: 10MiB]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from serve" -l log-format -d 'Log format [default: text]' -r -f -a "text\t''
json\t''"
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from serve" -l max-connections -d 'Database connection pool size [default: 10]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from serve" -l sqlite-synchronous -d 'SQLite commit durability [default: full]' -r -f -a "full\t'Every commit is synced to disk before it is acknowledged'
normal\t'Commits are synced at checkpoints (a power cut may lose the last ones)'"
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from serve" -l header-timeout -d 'Seconds a connection may wait for, or take to send, a request\'s headers (idle keep-alive included) [default: 10]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from serve" -l body-timeout -d 'Seconds a request body may take to arrive [default: 30]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from serve" -l max-connections-per-client -d 'Open connections allowed per client address, 0 for no cap (raise it behind a proxy) [default: 64]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from serve" -l config -d 'Path to shipgate.toml [default: found by walking up from the current directory]' -r -F
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from serve" -l format -d 'Output format for findings' -r -f -a "text\t'Human-readable, coloured on a terminal, with source lines and help'
json\t'Stable machine-readable JSON (schema in docs/output.md)'
github\t'GitHub Actions workflow commands (annotations on the PR)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports'
markdown\t'A compact Markdown table, for a PR comment'
gitlab\t'GitLab Code Quality JSON, for a merge request\'s `codequality` report'"
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from serve" -l fail-on -d 'Lowest level that makes the gate block (exit 1) [default: error]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from serve" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t''
never\t''"
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from serve" -l output-version -d 'Version of the output contract to write [default: 2]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from serve" -l allow-public-read -d 'Let unauthenticated clients read when auth is on'
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from serve" -l public-metrics -d 'Let unauthenticated clients fetch /metrics (for Prometheus) when auth is on'
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from serve" -l allow-public-write -d 'Allow listening on a non-loopback address without any authentication'
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from serve" -l trust-forwarded-headers -d 'Trust X-Forwarded-Host and X-Forwarded-Proto for links (only behind a proxy that sets them)'
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from serve" -l allow-contract-modification -d 'Accept changed pact content for an already published consumer version (default: 409)'
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from serve" -s q -l quiet -d 'Print only findings, no summary or progress'
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from serve" -s v -l verbose -d 'Print more detail (repeat for debug logs)'
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from serve" -s V -l version -d 'Print version'
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from token" -l config -d 'Path to shipgate.toml [default: found by walking up from the current directory]' -r -F
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from token" -l format -d 'Output format for findings' -r -f -a "text\t'Human-readable, coloured on a terminal, with source lines and help'
json\t'Stable machine-readable JSON (schema in docs/output.md)'
github\t'GitHub Actions workflow commands (annotations on the PR)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports'
markdown\t'A compact Markdown table, for a PR comment'
gitlab\t'GitLab Code Quality JSON, for a merge request\'s `codequality` report'"
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from token" -l fail-on -d 'Lowest level that makes the gate block (exit 1) [default: error]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from token" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t''
never\t''"
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from token" -l output-version -d 'Version of the output contract to write [default: 2]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from token" -s q -l quiet -d 'Print only findings, no summary or progress'
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from token" -s v -l verbose -d 'Print more detail (repeat for debug logs)'
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from token" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from token" -s V -l version -d 'Print version'
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from token" -f -a "create" -d 'Create a token and print it once'
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from token" -f -a "list" -d 'List the tokens (names, roles, creation times; never secrets)'
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from token" -f -a "revoke" -d 'Revoke a token: it stops working at once'
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from backup" -l database-url -d 'The broker\'s SQLite database [default: sqlite://shipgate.db]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from backup" -l config -d 'Path to shipgate.toml [default: found by walking up from the current directory]' -r -F
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from backup" -l format -d 'Output format for findings' -r -f -a "text\t'Human-readable, coloured on a terminal, with source lines and help'
json\t'Stable machine-readable JSON (schema in docs/output.md)'
github\t'GitHub Actions workflow commands (annotations on the PR)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports'
markdown\t'A compact Markdown table, for a PR comment'
gitlab\t'GitLab Code Quality JSON, for a merge request\'s `codequality` report'"
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from backup" -l fail-on -d 'Lowest level that makes the gate block (exit 1) [default: error]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from backup" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t''
never\t''"
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from backup" -l output-version -d 'Version of the output contract to write [default: 2]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from backup" -s q -l quiet -d 'Print only findings, no summary or progress'
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from backup" -s v -l verbose -d 'Print more detail (repeat for debug logs)'
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from backup" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipgate -n "__fish_shipgate_using_subcommand broker; and __fish_seen_subcommand_from backup" -s V -l version -d 'Print version'
complete -c shipgate -n "__fish_shipgate_using_subcommand publish" -s a -l consumer-app-version -d 'The consumer version these pacts belong to (a git SHA is best)' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish" -l branch -d 'The consumer version\'s branch' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish" -s t -l tag -d 'Tag the consumer version (repeatable)' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish" -l build-url -d 'The CI build that produced the pacts' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish" -s b -l broker-url -d 'Broker base URL [env: SHIPGATE_BROKER_URL, then PACT_BROKER_BASE_URL]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish" -s k -l broker-token -d 'Bearer token [env: SHIPGATE_BROKER_TOKEN, then PACT_BROKER_TOKEN]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish" -s u -l broker-username -d 'Basic auth user [env: SHIPGATE_BROKER_USERNAME, then PACT_BROKER_USERNAME]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish" -s p -l broker-password -d 'Basic auth password [env: SHIPGATE_BROKER_PASSWORD, then PACT_BROKER_PASSWORD]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish" -l timeout -d 'Give up on an HTTP request that has not been answered after this many seconds (decimals and `ms`/`s`/`m` suffixes work) [default: 30]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish" -l connect-timeout -d 'Give up connecting to a server after this many seconds [default: 10, at most --timeout]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish" -l config -d 'Path to shipgate.toml [default: found by walking up from the current directory]' -r -F
complete -c shipgate -n "__fish_shipgate_using_subcommand publish" -l format -d 'Output format for findings' -r -f -a "text\t'Human-readable, coloured on a terminal, with source lines and help'
json\t'Stable machine-readable JSON (schema in docs/output.md)'
github\t'GitHub Actions workflow commands (annotations on the PR)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports'
markdown\t'A compact Markdown table, for a PR comment'
gitlab\t'GitLab Code Quality JSON, for a merge request\'s `codequality` report'"
complete -c shipgate -n "__fish_shipgate_using_subcommand publish" -l fail-on -d 'Lowest level that makes the gate block (exit 1) [default: error]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t''
never\t''"
complete -c shipgate -n "__fish_shipgate_using_subcommand publish" -l output-version -d 'Version of the output contract to write [default: 2]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish" -l merge -d 'Merge with the already published pact instead of replacing it'
complete -c shipgate -n "__fish_shipgate_using_subcommand publish" -s q -l quiet -d 'Print only findings, no summary or progress'
complete -c shipgate -n "__fish_shipgate_using_subcommand publish" -s v -l verbose -d 'Print more detail (repeat for debug logs)'
complete -c shipgate -n "__fish_shipgate_using_subcommand publish" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipgate -n "__fish_shipgate_using_subcommand publish" -s V -l version -d 'Print version'
complete -c shipgate -n "__fish_shipgate_using_subcommand create-version" -s a -l pacticipant -d 'The application (pacticipant) name' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand create-version" -s e -l version -d 'The version number' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand create-version" -l branch -d 'Put the version on this branch' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand create-version" -s t -l tag -d 'Tag the version (repeatable)' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand create-version" -l build-url -d 'The CI build that produced the version' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand create-version" -s b -l broker-url -d 'Broker base URL [env: SHIPGATE_BROKER_URL, then PACT_BROKER_BASE_URL]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand create-version" -s k -l broker-token -d 'Bearer token [env: SHIPGATE_BROKER_TOKEN, then PACT_BROKER_TOKEN]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand create-version" -s u -l broker-username -d 'Basic auth user [env: SHIPGATE_BROKER_USERNAME, then PACT_BROKER_USERNAME]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand create-version" -s p -l broker-password -d 'Basic auth password [env: SHIPGATE_BROKER_PASSWORD, then PACT_BROKER_PASSWORD]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand create-version" -l timeout -d 'Give up on an HTTP request that has not been answered after this many seconds (decimals and `ms`/`s`/`m` suffixes work) [default: 30]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand create-version" -l connect-timeout -d 'Give up connecting to a server after this many seconds [default: 10, at most --timeout]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand create-version" -l config -d 'Path to shipgate.toml [default: found by walking up from the current directory]' -r -F
complete -c shipgate -n "__fish_shipgate_using_subcommand create-version" -l format -d 'Output format for findings' -r -f -a "text\t'Human-readable, coloured on a terminal, with source lines and help'
json\t'Stable machine-readable JSON (schema in docs/output.md)'
github\t'GitHub Actions workflow commands (annotations on the PR)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports'
markdown\t'A compact Markdown table, for a PR comment'
gitlab\t'GitLab Code Quality JSON, for a merge request\'s `codequality` report'"
complete -c shipgate -n "__fish_shipgate_using_subcommand create-version" -l fail-on -d 'Lowest level that makes the gate block (exit 1) [default: error]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand create-version" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t''
never\t''"
complete -c shipgate -n "__fish_shipgate_using_subcommand create-version" -l output-version -d 'Version of the output contract to write [default: 2]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand create-version" -s q -l quiet -d 'Print only findings, no summary or progress'
complete -c shipgate -n "__fish_shipgate_using_subcommand create-version" -s v -l verbose -d 'Print more detail (repeat for debug logs)'
complete -c shipgate -n "__fish_shipgate_using_subcommand create-version" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and not __fish_seen_subcommand_from create list" -l config -d 'Path to shipgate.toml [default: found by walking up from the current directory]' -r -F
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and not __fish_seen_subcommand_from create list" -l format -d 'Output format for findings' -r -f -a "text\t'Human-readable, coloured on a terminal, with source lines and help'
json\t'Stable machine-readable JSON (schema in docs/output.md)'
github\t'GitHub Actions workflow commands (annotations on the PR)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports'
markdown\t'A compact Markdown table, for a PR comment'
gitlab\t'GitLab Code Quality JSON, for a merge request\'s `codequality` report'"
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and not __fish_seen_subcommand_from create list" -l fail-on -d 'Lowest level that makes the gate block (exit 1) [default: error]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and not __fish_seen_subcommand_from create list" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t''
never\t''"
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and not __fish_seen_subcommand_from create list" -l output-version -d 'Version of the output contract to write [default: 2]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and not __fish_seen_subcommand_from create list" -s q -l quiet -d 'Print only findings, no summary or progress'
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and not __fish_seen_subcommand_from create list" -s v -l verbose -d 'Print more detail (repeat for debug logs)'
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and not __fish_seen_subcommand_from create list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and not __fish_seen_subcommand_from create list" -s V -l version -d 'Print version'
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and not __fish_seen_subcommand_from create list" -f -a "create" -d 'Create an environment'
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and not __fish_seen_subcommand_from create list" -f -a "list" -d 'List environments'
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and __fish_seen_subcommand_from create" -l name -d 'A short name without spaces, used by record-deployment and can-i-deploy' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and __fish_seen_subcommand_from create" -l display-name -d 'A human-friendly name' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and __fish_seen_subcommand_from create" -l contact-name -d 'Contact name for the environment' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and __fish_seen_subcommand_from create" -l contact-email-address -d 'Contact e-mail address' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and __fish_seen_subcommand_from create" -s b -l broker-url -d 'Broker base URL [env: SHIPGATE_BROKER_URL, then PACT_BROKER_BASE_URL]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and __fish_seen_subcommand_from create" -s k -l broker-token -d 'Bearer token [env: SHIPGATE_BROKER_TOKEN, then PACT_BROKER_TOKEN]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and __fish_seen_subcommand_from create" -s u -l broker-username -d 'Basic auth user [env: SHIPGATE_BROKER_USERNAME, then PACT_BROKER_USERNAME]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and __fish_seen_subcommand_from create" -s p -l broker-password -d 'Basic auth password [env: SHIPGATE_BROKER_PASSWORD, then PACT_BROKER_PASSWORD]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and __fish_seen_subcommand_from create" -l timeout -d 'Give up on an HTTP request that has not been answered after this many seconds (decimals and `ms`/`s`/`m` suffixes work) [default: 30]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and __fish_seen_subcommand_from create" -l connect-timeout -d 'Give up connecting to a server after this many seconds [default: 10, at most --timeout]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and __fish_seen_subcommand_from create" -l config -d 'Path to shipgate.toml [default: found by walking up from the current directory]' -r -F
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and __fish_seen_subcommand_from create" -l format -d 'Output format for findings' -r -f -a "text\t'Human-readable, coloured on a terminal, with source lines and help'
json\t'Stable machine-readable JSON (schema in docs/output.md)'
github\t'GitHub Actions workflow commands (annotations on the PR)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports'
markdown\t'A compact Markdown table, for a PR comment'
gitlab\t'GitLab Code Quality JSON, for a merge request\'s `codequality` report'"
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and __fish_seen_subcommand_from create" -l fail-on -d 'Lowest level that makes the gate block (exit 1) [default: error]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and __fish_seen_subcommand_from create" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t''
never\t''"
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and __fish_seen_subcommand_from create" -l output-version -d 'Version of the output contract to write [default: 2]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and __fish_seen_subcommand_from create" -l production -d 'Mark the environment as production'
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print only findings, no summary or progress'
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and __fish_seen_subcommand_from create" -s v -l verbose -d 'Print more detail (repeat for debug logs)'
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and __fish_seen_subcommand_from list" -s b -l broker-url -d 'Broker base URL [env: SHIPGATE_BROKER_URL, then PACT_BROKER_BASE_URL]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and __fish_seen_subcommand_from list" -s k -l broker-token -d 'Bearer token [env: SHIPGATE_BROKER_TOKEN, then PACT_BROKER_TOKEN]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and __fish_seen_subcommand_from list" -s u -l broker-username -d 'Basic auth user [env: SHIPGATE_BROKER_USERNAME, then PACT_BROKER_USERNAME]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and __fish_seen_subcommand_from list" -s p -l broker-password -d 'Basic auth password [env: SHIPGATE_BROKER_PASSWORD, then PACT_BROKER_PASSWORD]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and __fish_seen_subcommand_from list" -l timeout -d 'Give up on an HTTP request that has not been answered after this many seconds (decimals and `ms`/`s`/`m` suffixes work) [default: 30]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and __fish_seen_subcommand_from list" -l connect-timeout -d 'Give up connecting to a server after this many seconds [default: 10, at most --timeout]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and __fish_seen_subcommand_from list" -l config -d 'Path to shipgate.toml [default: found by walking up from the current directory]' -r -F
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and __fish_seen_subcommand_from list" -l format -d 'Output format for findings' -r -f -a "text\t'Human-readable, coloured on a terminal, with source lines and help'
json\t'Stable machine-readable JSON (schema in docs/output.md)'
github\t'GitHub Actions workflow commands (annotations on the PR)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports'
markdown\t'A compact Markdown table, for a PR comment'
gitlab\t'GitLab Code Quality JSON, for a merge request\'s `codequality` report'"
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and __fish_seen_subcommand_from list" -l fail-on -d 'Lowest level that makes the gate block (exit 1) [default: error]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and __fish_seen_subcommand_from list" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t''
never\t''"
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and __fish_seen_subcommand_from list" -l output-version -d 'Version of the output contract to write [default: 2]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only findings, no summary or progress'
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Print more detail (repeat for debug logs)'
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipgate -n "__fish_shipgate_using_subcommand environment; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c shipgate -n "__fish_shipgate_using_subcommand record-deployment" -s a -l pacticipant -d 'The application (pacticipant) name' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-deployment" -s e -l version -d 'The version deployed or released' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-deployment" -l environment -d 'The environment name' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-deployment" -l application-instance -d 'For deployments: the instance replaced by this deployment (blue/green, regions)' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-deployment" -s b -l broker-url -d 'Broker base URL [env: SHIPGATE_BROKER_URL, then PACT_BROKER_BASE_URL]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-deployment" -s k -l broker-token -d 'Bearer token [env: SHIPGATE_BROKER_TOKEN, then PACT_BROKER_TOKEN]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-deployment" -s u -l broker-username -d 'Basic auth user [env: SHIPGATE_BROKER_USERNAME, then PACT_BROKER_USERNAME]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-deployment" -s p -l broker-password -d 'Basic auth password [env: SHIPGATE_BROKER_PASSWORD, then PACT_BROKER_PASSWORD]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-deployment" -l timeout -d 'Give up on an HTTP request that has not been answered after this many seconds (decimals and `ms`/`s`/`m` suffixes work) [default: 30]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-deployment" -l connect-timeout -d 'Give up connecting to a server after this many seconds [default: 10, at most --timeout]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-deployment" -l config -d 'Path to shipgate.toml [default: found by walking up from the current directory]' -r -F
complete -c shipgate -n "__fish_shipgate_using_subcommand record-deployment" -l format -d 'Output format for findings' -r -f -a "text\t'Human-readable, coloured on a terminal, with source lines and help'
json\t'Stable machine-readable JSON (schema in docs/output.md)'
github\t'GitHub Actions workflow commands (annotations on the PR)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports'
markdown\t'A compact Markdown table, for a PR comment'
gitlab\t'GitLab Code Quality JSON, for a merge request\'s `codequality` report'"
complete -c shipgate -n "__fish_shipgate_using_subcommand record-deployment" -l fail-on -d 'Lowest level that makes the gate block (exit 1) [default: error]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-deployment" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t''
never\t''"
complete -c shipgate -n "__fish_shipgate_using_subcommand record-deployment" -l output-version -d 'Version of the output contract to write [default: 2]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-deployment" -s q -l quiet -d 'Print only findings, no summary or progress'
complete -c shipgate -n "__fish_shipgate_using_subcommand record-deployment" -s v -l verbose -d 'Print more detail (repeat for debug logs)'
complete -c shipgate -n "__fish_shipgate_using_subcommand record-deployment" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipgate -n "__fish_shipgate_using_subcommand record-undeployment" -s a -l pacticipant -d 'The application (pacticipant) name' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-undeployment" -l environment -d 'The environment name' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-undeployment" -l application-instance -d 'Only this application instance' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-undeployment" -s b -l broker-url -d 'Broker base URL [env: SHIPGATE_BROKER_URL, then PACT_BROKER_BASE_URL]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-undeployment" -s k -l broker-token -d 'Bearer token [env: SHIPGATE_BROKER_TOKEN, then PACT_BROKER_TOKEN]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-undeployment" -s u -l broker-username -d 'Basic auth user [env: SHIPGATE_BROKER_USERNAME, then PACT_BROKER_USERNAME]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-undeployment" -s p -l broker-password -d 'Basic auth password [env: SHIPGATE_BROKER_PASSWORD, then PACT_BROKER_PASSWORD]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-undeployment" -l timeout -d 'Give up on an HTTP request that has not been answered after this many seconds (decimals and `ms`/`s`/`m` suffixes work) [default: 30]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-undeployment" -l connect-timeout -d 'Give up connecting to a server after this many seconds [default: 10, at most --timeout]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-undeployment" -l config -d 'Path to shipgate.toml [default: found by walking up from the current directory]' -r -F
complete -c shipgate -n "__fish_shipgate_using_subcommand record-undeployment" -l format -d 'Output format for findings' -r -f -a "text\t'Human-readable, coloured on a terminal, with source lines and help'
json\t'Stable machine-readable JSON (schema in docs/output.md)'
github\t'GitHub Actions workflow commands (annotations on the PR)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports'
markdown\t'A compact Markdown table, for a PR comment'
gitlab\t'GitLab Code Quality JSON, for a merge request\'s `codequality` report'"
complete -c shipgate -n "__fish_shipgate_using_subcommand record-undeployment" -l fail-on -d 'Lowest level that makes the gate block (exit 1) [default: error]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-undeployment" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t''
never\t''"
complete -c shipgate -n "__fish_shipgate_using_subcommand record-undeployment" -l output-version -d 'Version of the output contract to write [default: 2]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-undeployment" -s q -l quiet -d 'Print only findings, no summary or progress'
complete -c shipgate -n "__fish_shipgate_using_subcommand record-undeployment" -s v -l verbose -d 'Print more detail (repeat for debug logs)'
complete -c shipgate -n "__fish_shipgate_using_subcommand record-undeployment" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipgate -n "__fish_shipgate_using_subcommand record-undeployment" -s V -l version -d 'Print version'
complete -c shipgate -n "__fish_shipgate_using_subcommand record-release" -s a -l pacticipant -d 'The application (pacticipant) name' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-release" -s e -l version -d 'The version deployed or released' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-release" -l environment -d 'The environment name' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-release" -l application-instance -d 'For deployments: the instance replaced by this deployment (blue/green, regions)' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-release" -s b -l broker-url -d 'Broker base URL [env: SHIPGATE_BROKER_URL, then PACT_BROKER_BASE_URL]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-release" -s k -l broker-token -d 'Bearer token [env: SHIPGATE_BROKER_TOKEN, then PACT_BROKER_TOKEN]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-release" -s u -l broker-username -d 'Basic auth user [env: SHIPGATE_BROKER_USERNAME, then PACT_BROKER_USERNAME]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-release" -s p -l broker-password -d 'Basic auth password [env: SHIPGATE_BROKER_PASSWORD, then PACT_BROKER_PASSWORD]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-release" -l timeout -d 'Give up on an HTTP request that has not been answered after this many seconds (decimals and `ms`/`s`/`m` suffixes work) [default: 30]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-release" -l connect-timeout -d 'Give up connecting to a server after this many seconds [default: 10, at most --timeout]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-release" -l config -d 'Path to shipgate.toml [default: found by walking up from the current directory]' -r -F
complete -c shipgate -n "__fish_shipgate_using_subcommand record-release" -l format -d 'Output format for findings' -r -f -a "text\t'Human-readable, coloured on a terminal, with source lines and help'
json\t'Stable machine-readable JSON (schema in docs/output.md)'
github\t'GitHub Actions workflow commands (annotations on the PR)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports'
markdown\t'A compact Markdown table, for a PR comment'
gitlab\t'GitLab Code Quality JSON, for a merge request\'s `codequality` report'"
complete -c shipgate -n "__fish_shipgate_using_subcommand record-release" -l fail-on -d 'Lowest level that makes the gate block (exit 1) [default: error]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-release" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t''
never\t''"
complete -c shipgate -n "__fish_shipgate_using_subcommand record-release" -l output-version -d 'Version of the output contract to write [default: 2]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-release" -s q -l quiet -d 'Print only findings, no summary or progress'
complete -c shipgate -n "__fish_shipgate_using_subcommand record-release" -s v -l verbose -d 'Print more detail (repeat for debug logs)'
complete -c shipgate -n "__fish_shipgate_using_subcommand record-release" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipgate -n "__fish_shipgate_using_subcommand record-support-ended" -s a -l pacticipant -d 'The application (pacticipant) name' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-support-ended" -s e -l version -d 'The version deployed or released' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-support-ended" -l environment -d 'The environment name' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-support-ended" -l application-instance -d 'For deployments: the instance replaced by this deployment (blue/green, regions)' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-support-ended" -s b -l broker-url -d 'Broker base URL [env: SHIPGATE_BROKER_URL, then PACT_BROKER_BASE_URL]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-support-ended" -s k -l broker-token -d 'Bearer token [env: SHIPGATE_BROKER_TOKEN, then PACT_BROKER_TOKEN]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-support-ended" -s u -l broker-username -d 'Basic auth user [env: SHIPGATE_BROKER_USERNAME, then PACT_BROKER_USERNAME]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-support-ended" -s p -l broker-password -d 'Basic auth password [env: SHIPGATE_BROKER_PASSWORD, then PACT_BROKER_PASSWORD]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-support-ended" -l timeout -d 'Give up on an HTTP request that has not been answered after this many seconds (decimals and `ms`/`s`/`m` suffixes work) [default: 30]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-support-ended" -l connect-timeout -d 'Give up connecting to a server after this many seconds [default: 10, at most --timeout]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-support-ended" -l config -d 'Path to shipgate.toml [default: found by walking up from the current directory]' -r -F
complete -c shipgate -n "__fish_shipgate_using_subcommand record-support-ended" -l format -d 'Output format for findings' -r -f -a "text\t'Human-readable, coloured on a terminal, with source lines and help'
json\t'Stable machine-readable JSON (schema in docs/output.md)'
github\t'GitHub Actions workflow commands (annotations on the PR)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports'
markdown\t'A compact Markdown table, for a PR comment'
gitlab\t'GitLab Code Quality JSON, for a merge request\'s `codequality` report'"
complete -c shipgate -n "__fish_shipgate_using_subcommand record-support-ended" -l fail-on -d 'Lowest level that makes the gate block (exit 1) [default: error]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-support-ended" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t''
never\t''"
complete -c shipgate -n "__fish_shipgate_using_subcommand record-support-ended" -l output-version -d 'Version of the output contract to write [default: 2]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand record-support-ended" -s q -l quiet -d 'Print only findings, no summary or progress'
complete -c shipgate -n "__fish_shipgate_using_subcommand record-support-ended" -s v -l verbose -d 'Print more detail (repeat for debug logs)'
complete -c shipgate -n "__fish_shipgate_using_subcommand record-support-ended" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipgate -n "__fish_shipgate_using_subcommand can-i-deploy" -s a -l pacticipant -d 'The application to deploy (repeat to deploy several together)' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand can-i-deploy" -s e -l version -d 'Its version (repeat in the same order as --pacticipant)' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand can-i-deploy" -l branch -d 'Use the latest version on this branch (for pacticipants without --version)' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand can-i-deploy" -s l -l latest -d 'Use the latest version (with this tag, if given) for pacticipants without --version' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand can-i-deploy" -l to-environment -d 'The environment to deploy to' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand can-i-deploy" -l to -d 'Legacy: deploy next to the latest versions carrying this tag' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand can-i-deploy" -l ignore -d 'Leave this pacticipant out of the decision (repeatable) [env: PACT_BROKER_CAN_I_DEPLOY_IGNORE, comma list]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand can-i-deploy" -l retry-while-unknown -d 'While the answer is unknown (results not yet published), ask again up to N times' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand can-i-deploy" -l retry-interval -d 'Seconds between retries' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand can-i-deploy" -s b -l broker-url -d 'Broker base URL [env: SHIPGATE_BROKER_URL, then PACT_BROKER_BASE_URL]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand can-i-deploy" -s k -l broker-token -d 'Bearer token [env: SHIPGATE_BROKER_TOKEN, then PACT_BROKER_TOKEN]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand can-i-deploy" -s u -l broker-username -d 'Basic auth user [env: SHIPGATE_BROKER_USERNAME, then PACT_BROKER_USERNAME]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand can-i-deploy" -s p -l broker-password -d 'Basic auth password [env: SHIPGATE_BROKER_PASSWORD, then PACT_BROKER_PASSWORD]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand can-i-deploy" -l timeout -d 'Give up on an HTTP request that has not been answered after this many seconds (decimals and `ms`/`s`/`m` suffixes work) [default: 30]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand can-i-deploy" -l connect-timeout -d 'Give up connecting to a server after this many seconds [default: 10, at most --timeout]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand can-i-deploy" -l config -d 'Path to shipgate.toml [default: found by walking up from the current directory]' -r -F
complete -c shipgate -n "__fish_shipgate_using_subcommand can-i-deploy" -l format -d 'Output format for findings' -r -f -a "text\t'Human-readable, coloured on a terminal, with source lines and help'
json\t'Stable machine-readable JSON (schema in docs/output.md)'
github\t'GitHub Actions workflow commands (annotations on the PR)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports'
markdown\t'A compact Markdown table, for a PR comment'
gitlab\t'GitLab Code Quality JSON, for a merge request\'s `codequality` report'"
complete -c shipgate -n "__fish_shipgate_using_subcommand can-i-deploy" -l fail-on -d 'Lowest level that makes the gate block (exit 1) [default: error]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand can-i-deploy" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t''
never\t''"
complete -c shipgate -n "__fish_shipgate_using_subcommand can-i-deploy" -l output-version -d 'Version of the output contract to write [default: 2]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand can-i-deploy" -l main-branch -d 'Use the latest version of the main branch (for pacticipants without --version)'
complete -c shipgate -n "__fish_shipgate_using_subcommand can-i-deploy" -l strict-api -d 'Let every error-level API change block, even one no deployed consumer relies on'
complete -c shipgate -n "__fish_shipgate_using_subcommand can-i-deploy" -l dry-run -d 'Print the answer but always exit 0 [env: PACT_BROKER_CAN_I_DEPLOY_DRY_RUN]'
complete -c shipgate -n "__fish_shipgate_using_subcommand can-i-deploy" -s q -l quiet -d 'Print only findings, no summary or progress'
complete -c shipgate -n "__fish_shipgate_using_subcommand can-i-deploy" -s v -l verbose -d 'Print more detail (repeat for debug logs)'
complete -c shipgate -n "__fish_shipgate_using_subcommand can-i-deploy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipgate -n "__fish_shipgate_using_subcommand lint-migrations" -l changed-since -d 'Report only migrations added since this git ref (`REF...`: since the merge base of REF and HEAD); earlier ones are still read for history, and one that existed at REF but was edited (MIG061) or deleted/renamed (MIG064) since is an error' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand lint-migrations" -l var -d 'Substitute a template placeholder: `${NAME}` or `{{ … "NAME" }}` becomes VALUE (repeatable)' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand lint-migrations" -l dialect -d 'SQL dialect sqlparser validates statements with: postgres, mysql, sqlite, generic [default: postgres]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand lint-migrations" -l pg-version -d 'Version of the target PostgreSQL server: its major version counts (`13`, `13.0` and `13.4` are 13) [default: 15]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand lint-migrations" -l rule -d 'Set a rule\'s level or turn it off: `--rule MIG046=warning` (enables an opt-in rule), `--rule MIG035=off`' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand lint-migrations" -l config -d 'Path to shipgate.toml [default: found by walking up from the current directory]' -r -F
complete -c shipgate -n "__fish_shipgate_using_subcommand lint-migrations" -l format -d 'Output format for findings' -r -f -a "text\t'Human-readable, coloured on a terminal, with source lines and help'
json\t'Stable machine-readable JSON (schema in docs/output.md)'
github\t'GitHub Actions workflow commands (annotations on the PR)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports'
markdown\t'A compact Markdown table, for a PR comment'
gitlab\t'GitLab Code Quality JSON, for a merge request\'s `codequality` report'"
complete -c shipgate -n "__fish_shipgate_using_subcommand lint-migrations" -l fail-on -d 'Lowest level that makes the gate block (exit 1) [default: error]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand lint-migrations" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t''
never\t''"
complete -c shipgate -n "__fish_shipgate_using_subcommand lint-migrations" -l output-version -d 'Version of the output contract to write [default: 2]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand lint-migrations" -l assume-in-transaction -d 'Treat every file as wrapped in one transaction (Flyway, sqlx, Rails, Django, Alembic), except files that opt out with their runner\'s marker (`-- migrate:up transaction:false`, …)'
complete -c shipgate -n "__fish_shipgate_using_subcommand lint-migrations" -s q -l quiet -d 'Print only findings, no summary or progress'
complete -c shipgate -n "__fish_shipgate_using_subcommand lint-migrations" -s v -l verbose -d 'Print more detail (repeat for debug logs)'
complete -c shipgate -n "__fish_shipgate_using_subcommand lint-migrations" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipgate -n "__fish_shipgate_using_subcommand lint-migrations" -s V -l version -d 'Print version'
complete -c shipgate -n "__fish_shipgate_using_subcommand diff" -l match-path -d 'Only report operations whose path matches this regular expression' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand diff" -l exclude-path -d 'Do not report operations whose path matches this regular expression' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand diff" -l date -d 'The date sunset dates are compared with [default: today, UTC]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand diff" -l ref-root -d 'Directory that file `$ref`s must stay inside [default: the git top-level of the document, else its directory]' -r -F
complete -c shipgate -n "__fish_shipgate_using_subcommand diff" -l config -d 'Path to shipgate.toml [default: found by walking up from the current directory]' -r -F
complete -c shipgate -n "__fish_shipgate_using_subcommand diff" -l format -d 'Output format for findings' -r -f -a "text\t'Human-readable, coloured on a terminal, with source lines and help'
json\t'Stable machine-readable JSON (schema in docs/output.md)'
github\t'GitHub Actions workflow commands (annotations on the PR)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports'
markdown\t'A compact Markdown table, for a PR comment'
gitlab\t'GitLab Code Quality JSON, for a merge request\'s `codequality` report'"
complete -c shipgate -n "__fish_shipgate_using_subcommand diff" -l fail-on -d 'Lowest level that makes the gate block (exit 1) [default: error]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand diff" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t''
never\t''"
complete -c shipgate -n "__fish_shipgate_using_subcommand diff" -l output-version -d 'Version of the output contract to write [default: 2]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand diff" -l changelog -d 'List every change (info level too), not only breaking ones'
complete -c shipgate -n "__fish_shipgate_using_subcommand diff" -l composed -d 'BASE and REVISION are directories (or `REV:DIR`) with one document per service'
complete -c shipgate -n "__fish_shipgate_using_subcommand diff" -l allow-remote-refs -d 'Fetch `http://` and `https://` `$ref`s (refused by default)'
complete -c shipgate -n "__fish_shipgate_using_subcommand diff" -s q -l quiet -d 'Print only findings, no summary or progress'
complete -c shipgate -n "__fish_shipgate_using_subcommand diff" -s v -l verbose -d 'Print more detail (repeat for debug logs)'
complete -c shipgate -n "__fish_shipgate_using_subcommand diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipgate -n "__fish_shipgate_using_subcommand diff" -s V -l version -d 'Print version'
complete -c shipgate -n "__fish_shipgate_using_subcommand verify" -l provider-base-url -d 'Base URL of the running provider, such as http://127.0.0.1:8080' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand verify" -l pact -d 'A pact file, a directory of pact files, or a pact URL (repeatable)' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand verify" -l provider-states-setup-url -d 'Provider-state endpoint; receives POST {state, params, action: setup|teardown}' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand verify" -l message-url -d 'Endpoint that returns messages for message interactions [default: the provider base URL]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand verify" -s H -l header -d 'Extra request header sent with every request, such as "Authorization: Bearer …" (repeatable)' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand verify" -l deadline -d 'Stop the whole verification after this many seconds: interactions not verified by then are reported as such, results are not published, and the exit status is 2 [default: no deadline]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand verify" -l max-body-size -d 'The largest provider response or message body kept for matching (`10MB`, `512KB`, bytes); a larger one is reported as not verified [default: 10MB]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand verify" -s j -l concurrency -d 'How many interactions to verify at once [default: 1]. Raise it only when provider states do not interfere with each other' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand verify" -l provider -d 'Fetch the pacts this provider must verify from the broker (pacts for verification)' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand verify" -l consumer-version-selectors -d 'Consumer version selector as JSON, such as \'{"mainBranch": true}\' (repeatable)' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand verify" -l include-wip-pacts-since -d 'Also verify work-in-progress pacts published since this date (YYYY-MM-DD); they are pending' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand verify" -l provider-version -d 'The provider version being verified (required with --publish)' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand verify" -l provider-branch -d 'The provider version\'s branch (recorded with --publish; decides pending status)' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand verify" -l provider-version-tag -d 'Tag for the provider version (repeatable)' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand verify" -l build-url -d 'CI build URL recorded with published results' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand verify" -s b -l broker-url -d 'Broker base URL [env: SHIPGATE_BROKER_URL, then PACT_BROKER_BASE_URL]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand verify" -s k -l broker-token -d 'Bearer token [env: SHIPGATE_BROKER_TOKEN, then PACT_BROKER_TOKEN]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand verify" -s u -l broker-username -d 'Basic auth user [env: SHIPGATE_BROKER_USERNAME, then PACT_BROKER_USERNAME]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand verify" -s p -l broker-password -d 'Basic auth password [env: SHIPGATE_BROKER_PASSWORD, then PACT_BROKER_PASSWORD]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand verify" -l timeout -d 'Give up on an HTTP request that has not been answered after this many seconds (decimals and `ms`/`s`/`m` suffixes work) [default: 30]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand verify" -l connect-timeout -d 'Give up connecting to a server after this many seconds [default: 10, at most --timeout]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand verify" -l config -d 'Path to shipgate.toml [default: found by walking up from the current directory]' -r -F
complete -c shipgate -n "__fish_shipgate_using_subcommand verify" -l format -d 'Output format for findings' -r -f -a "text\t'Human-readable, coloured on a terminal, with source lines and help'
json\t'Stable machine-readable JSON (schema in docs/output.md)'
github\t'GitHub Actions workflow commands (annotations on the PR)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports'
markdown\t'A compact Markdown table, for a PR comment'
gitlab\t'GitLab Code Quality JSON, for a merge request\'s `codequality` report'"
complete -c shipgate -n "__fish_shipgate_using_subcommand verify" -l fail-on -d 'Lowest level that makes the gate block (exit 1) [default: error]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand verify" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t''
never\t''"
complete -c shipgate -n "__fish_shipgate_using_subcommand verify" -l output-version -d 'Version of the output contract to write [default: 2]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand verify" -l enable-pending -d 'Ask the broker which pacts are pending; failures of pending pacts never fail the build'
complete -c shipgate -n "__fish_shipgate_using_subcommand verify" -l publish -d 'Publish the verification results to the broker'
complete -c shipgate -n "__fish_shipgate_using_subcommand verify" -s q -l quiet -d 'Print only findings, no summary or progress'
complete -c shipgate -n "__fish_shipgate_using_subcommand verify" -s v -l verbose -d 'Print more detail (repeat for debug logs)'
complete -c shipgate -n "__fish_shipgate_using_subcommand verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipgate -n "__fish_shipgate_using_subcommand verify" -s V -l version -d 'Print version'
complete -c shipgate -n "__fish_shipgate_using_subcommand stub" -l pact -d 'A pact file or a directory of pact files (repeatable)' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand stub" -l host -d 'Address to listen on' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand stub" -l port -d 'Port to listen on (0 picks a free port)' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand stub" -l provider-state-header -d 'Request header that names the provider state to answer from' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand stub" -l config -d 'Path to shipgate.toml [default: found by walking up from the current directory]' -r -F
complete -c shipgate -n "__fish_shipgate_using_subcommand stub" -l format -d 'Output format for findings' -r -f -a "text\t'Human-readable, coloured on a terminal, with source lines and help'
json\t'Stable machine-readable JSON (schema in docs/output.md)'
github\t'GitHub Actions workflow commands (annotations on the PR)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports'
markdown\t'A compact Markdown table, for a PR comment'
gitlab\t'GitLab Code Quality JSON, for a merge request\'s `codequality` report'"
complete -c shipgate -n "__fish_shipgate_using_subcommand stub" -l fail-on -d 'Lowest level that makes the gate block (exit 1) [default: error]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand stub" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t''
never\t''"
complete -c shipgate -n "__fish_shipgate_using_subcommand stub" -l output-version -d 'Version of the output contract to write [default: 2]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand stub" -s q -l quiet -d 'Print only findings, no summary or progress'
complete -c shipgate -n "__fish_shipgate_using_subcommand stub" -s v -l verbose -d 'Print more detail (repeat for debug logs)'
complete -c shipgate -n "__fish_shipgate_using_subcommand stub" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipgate -n "__fish_shipgate_using_subcommand stub" -s V -l version -d 'Print version'
complete -c shipgate -n "__fish_shipgate_using_subcommand check-contract" -l pact -d 'The pact file to check' -r -F
complete -c shipgate -n "__fish_shipgate_using_subcommand check-contract" -l openapi -d 'The provider\'s OpenAPI document (2.0, 3.0 or 3.1; JSON or YAML), or `REV:PATH` read through git' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand check-contract" -l ref-root -d 'Directory that file `$ref`s must stay inside [default: the git top-level of the document, else its directory]' -r -F
complete -c shipgate -n "__fish_shipgate_using_subcommand check-contract" -l config -d 'Path to shipgate.toml [default: found by walking up from the current directory]' -r -F
complete -c shipgate -n "__fish_shipgate_using_subcommand check-contract" -l format -d 'Output format for findings' -r -f -a "text\t'Human-readable, coloured on a terminal, with source lines and help'
json\t'Stable machine-readable JSON (schema in docs/output.md)'
github\t'GitHub Actions workflow commands (annotations on the PR)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports'
markdown\t'A compact Markdown table, for a PR comment'
gitlab\t'GitLab Code Quality JSON, for a merge request\'s `codequality` report'"
complete -c shipgate -n "__fish_shipgate_using_subcommand check-contract" -l fail-on -d 'Lowest level that makes the gate block (exit 1) [default: error]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand check-contract" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t''
never\t''"
complete -c shipgate -n "__fish_shipgate_using_subcommand check-contract" -l output-version -d 'Version of the output contract to write [default: 2]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand check-contract" -l allow-remote-refs -d 'Fetch `http://` and `https://` `$ref`s (refused by default)'
complete -c shipgate -n "__fish_shipgate_using_subcommand check-contract" -s q -l quiet -d 'Print only findings, no summary or progress'
complete -c shipgate -n "__fish_shipgate_using_subcommand check-contract" -s v -l verbose -d 'Print more detail (repeat for debug logs)'
complete -c shipgate -n "__fish_shipgate_using_subcommand check-contract" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipgate -n "__fish_shipgate_using_subcommand check-contract" -s V -l version -d 'Print version'
complete -c shipgate -n "__fish_shipgate_using_subcommand init" -l dir -d 'The repository to set up [default: the current directory]' -r -F
complete -c shipgate -n "__fish_shipgate_using_subcommand init" -l ci -d 'Also write a CI workflow: `.github/workflows/shipgate.yml` or `.gitlab-ci.yml`' -r -f -a "github\t''
gitlab\t''"
complete -c shipgate -n "__fish_shipgate_using_subcommand init" -l config -d 'Path to shipgate.toml [default: found by walking up from the current directory]' -r -F
complete -c shipgate -n "__fish_shipgate_using_subcommand init" -l format -d 'Output format for findings' -r -f -a "text\t'Human-readable, coloured on a terminal, with source lines and help'
json\t'Stable machine-readable JSON (schema in docs/output.md)'
github\t'GitHub Actions workflow commands (annotations on the PR)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports'
markdown\t'A compact Markdown table, for a PR comment'
gitlab\t'GitLab Code Quality JSON, for a merge request\'s `codequality` report'"
complete -c shipgate -n "__fish_shipgate_using_subcommand init" -l fail-on -d 'Lowest level that makes the gate block (exit 1) [default: error]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand init" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t''
never\t''"
complete -c shipgate -n "__fish_shipgate_using_subcommand init" -l output-version -d 'Version of the output contract to write [default: 2]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand init" -l force -d 'Overwrite files that already exist'
complete -c shipgate -n "__fish_shipgate_using_subcommand init" -s q -l quiet -d 'Print only findings, no summary or progress'
complete -c shipgate -n "__fish_shipgate_using_subcommand init" -s v -l verbose -d 'Print more detail (repeat for debug logs)'
complete -c shipgate -n "__fish_shipgate_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipgate -n "__fish_shipgate_using_subcommand init" -s V -l version -d 'Print version'
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-provider-contract" -l provider -d 'The provider\'s name' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-provider-contract" -s a -l provider-app-version -d 'The provider version the document describes' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-provider-contract" -l branch -d 'The provider version\'s branch' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-provider-contract" -s t -l tag -d 'Tag the provider version (repeatable)' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-provider-contract" -l specification -d 'The contract specification (only `oas`)' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-provider-contract" -l content-type -d 'The document\'s content type [default: from the file extension]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-provider-contract" -l verification-exit-code -d 'The exit code of the verification (0 is success), instead of the two flags above' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-provider-contract" -l verification-results -d 'The verification\'s output, stored with the contract' -r -F
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-provider-contract" -l verification-results-content-type -d 'Content type of --verification-results' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-provider-contract" -l verification-results-format -d 'Format of --verification-results (text, junit, …)' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-provider-contract" -l verifier -d 'The tool that verified the provider against the document' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-provider-contract" -l verifier-version -d 'Its version' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-provider-contract" -l build-url -d 'The CI build that produced the document' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-provider-contract" -s b -l broker-url -d 'Broker base URL [env: SHIPGATE_BROKER_URL, then PACT_BROKER_BASE_URL]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-provider-contract" -s k -l broker-token -d 'Bearer token [env: SHIPGATE_BROKER_TOKEN, then PACT_BROKER_TOKEN]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-provider-contract" -s u -l broker-username -d 'Basic auth user [env: SHIPGATE_BROKER_USERNAME, then PACT_BROKER_USERNAME]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-provider-contract" -s p -l broker-password -d 'Basic auth password [env: SHIPGATE_BROKER_PASSWORD, then PACT_BROKER_PASSWORD]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-provider-contract" -l timeout -d 'Give up on an HTTP request that has not been answered after this many seconds (decimals and `ms`/`s`/`m` suffixes work) [default: 30]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-provider-contract" -l connect-timeout -d 'Give up connecting to a server after this many seconds [default: 10, at most --timeout]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-provider-contract" -l config -d 'Path to shipgate.toml [default: found by walking up from the current directory]' -r -F
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-provider-contract" -l format -d 'Output format for findings' -r -f -a "text\t'Human-readable, coloured on a terminal, with source lines and help'
json\t'Stable machine-readable JSON (schema in docs/output.md)'
github\t'GitHub Actions workflow commands (annotations on the PR)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports'
markdown\t'A compact Markdown table, for a PR comment'
gitlab\t'GitLab Code Quality JSON, for a merge request\'s `codequality` report'"
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-provider-contract" -l fail-on -d 'Lowest level that makes the gate block (exit 1) [default: error]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-provider-contract" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t''
never\t''"
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-provider-contract" -l output-version -d 'Version of the output contract to write [default: 2]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-provider-contract" -l verification-success -d 'The provider\'s own verification against the document passed'
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-provider-contract" -l no-verification-success -d 'The provider\'s own verification against the document failed'
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-provider-contract" -s q -l quiet -d 'Print only findings, no summary or progress'
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-provider-contract" -s v -l verbose -d 'Print more detail (repeat for debug logs)'
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-provider-contract" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-migrations" -s a -l pacticipant -d 'The application the migrations belong to' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-migrations" -s e -l version -d 'Its version (the one that carries these migrations)' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-migrations" -l database -d 'The database they apply to [default: the pacticipant\'s name]; services sharing one database name share one migration history' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-migrations" -l branch -d 'The version\'s branch' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-migrations" -s b -l broker-url -d 'Broker base URL [env: SHIPGATE_BROKER_URL, then PACT_BROKER_BASE_URL]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-migrations" -s k -l broker-token -d 'Bearer token [env: SHIPGATE_BROKER_TOKEN, then PACT_BROKER_TOKEN]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-migrations" -s u -l broker-username -d 'Basic auth user [env: SHIPGATE_BROKER_USERNAME, then PACT_BROKER_USERNAME]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-migrations" -s p -l broker-password -d 'Basic auth password [env: SHIPGATE_BROKER_PASSWORD, then PACT_BROKER_PASSWORD]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-migrations" -l timeout -d 'Give up on an HTTP request that has not been answered after this many seconds (decimals and `ms`/`s`/`m` suffixes work) [default: 30]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-migrations" -l connect-timeout -d 'Give up connecting to a server after this many seconds [default: 10, at most --timeout]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-migrations" -l config -d 'Path to shipgate.toml [default: found by walking up from the current directory]' -r -F
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-migrations" -l format -d 'Output format for findings' -r -f -a "text\t'Human-readable, coloured on a terminal, with source lines and help'
json\t'Stable machine-readable JSON (schema in docs/output.md)'
github\t'GitHub Actions workflow commands (annotations on the PR)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports'
markdown\t'A compact Markdown table, for a PR comment'
gitlab\t'GitLab Code Quality JSON, for a merge request\'s `codequality` report'"
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-migrations" -l fail-on -d 'Lowest level that makes the gate block (exit 1) [default: error]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-migrations" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t''
never\t''"
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-migrations" -l output-version -d 'Version of the output contract to write [default: 2]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-migrations" -s q -l quiet -d 'Print only findings, no summary or progress'
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-migrations" -s v -l verbose -d 'Print more detail (repeat for debug logs)'
complete -c shipgate -n "__fish_shipgate_using_subcommand publish-migrations" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and not __fish_seen_subcommand_from allow overrides" -l config -d 'Path to shipgate.toml [default: found by walking up from the current directory]' -r -F
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and not __fish_seen_subcommand_from allow overrides" -l format -d 'Output format for findings' -r -f -a "text\t'Human-readable, coloured on a terminal, with source lines and help'
json\t'Stable machine-readable JSON (schema in docs/output.md)'
github\t'GitHub Actions workflow commands (annotations on the PR)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports'
markdown\t'A compact Markdown table, for a PR comment'
gitlab\t'GitLab Code Quality JSON, for a merge request\'s `codequality` report'"
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and not __fish_seen_subcommand_from allow overrides" -l fail-on -d 'Lowest level that makes the gate block (exit 1) [default: error]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and not __fish_seen_subcommand_from allow overrides" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t''
never\t''"
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and not __fish_seen_subcommand_from allow overrides" -l output-version -d 'Version of the output contract to write [default: 2]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and not __fish_seen_subcommand_from allow overrides" -s q -l quiet -d 'Print only findings, no summary or progress'
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and not __fish_seen_subcommand_from allow overrides" -s v -l verbose -d 'Print more detail (repeat for debug logs)'
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and not __fish_seen_subcommand_from allow overrides" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and not __fish_seen_subcommand_from allow overrides" -s V -l version -d 'Print version'
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and not __fish_seen_subcommand_from allow overrides" -f -a "allow" -d 'Let one version into one environment although the gate blocks, until a date'
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and not __fish_seen_subcommand_from allow overrides" -f -a "overrides" -d 'List every override, active and expired'
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and __fish_seen_subcommand_from allow" -s a -l pacticipant -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and __fish_seen_subcommand_from allow" -s e -l version -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and __fish_seen_subcommand_from allow" -l environment -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and __fish_seen_subcommand_from allow" -l reason -d 'Why the break is accepted (shown with every verdict it changes)' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and __fish_seen_subcommand_from allow" -l expires -d 'When the override stops applying: a date (the end of that day, UTC) or an RFC 3339 time' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and __fish_seen_subcommand_from allow" -s b -l broker-url -d 'Broker base URL [env: SHIPGATE_BROKER_URL, then PACT_BROKER_BASE_URL]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and __fish_seen_subcommand_from allow" -s k -l broker-token -d 'Bearer token [env: SHIPGATE_BROKER_TOKEN, then PACT_BROKER_TOKEN]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and __fish_seen_subcommand_from allow" -s u -l broker-username -d 'Basic auth user [env: SHIPGATE_BROKER_USERNAME, then PACT_BROKER_USERNAME]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and __fish_seen_subcommand_from allow" -s p -l broker-password -d 'Basic auth password [env: SHIPGATE_BROKER_PASSWORD, then PACT_BROKER_PASSWORD]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and __fish_seen_subcommand_from allow" -l timeout -d 'Give up on an HTTP request that has not been answered after this many seconds (decimals and `ms`/`s`/`m` suffixes work) [default: 30]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and __fish_seen_subcommand_from allow" -l connect-timeout -d 'Give up connecting to a server after this many seconds [default: 10, at most --timeout]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and __fish_seen_subcommand_from allow" -l config -d 'Path to shipgate.toml [default: found by walking up from the current directory]' -r -F
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and __fish_seen_subcommand_from allow" -l format -d 'Output format for findings' -r -f -a "text\t'Human-readable, coloured on a terminal, with source lines and help'
json\t'Stable machine-readable JSON (schema in docs/output.md)'
github\t'GitHub Actions workflow commands (annotations on the PR)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports'
markdown\t'A compact Markdown table, for a PR comment'
gitlab\t'GitLab Code Quality JSON, for a merge request\'s `codequality` report'"
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and __fish_seen_subcommand_from allow" -l fail-on -d 'Lowest level that makes the gate block (exit 1) [default: error]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and __fish_seen_subcommand_from allow" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t''
never\t''"
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and __fish_seen_subcommand_from allow" -l output-version -d 'Version of the output contract to write [default: 2]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and __fish_seen_subcommand_from allow" -s q -l quiet -d 'Print only findings, no summary or progress'
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and __fish_seen_subcommand_from allow" -s v -l verbose -d 'Print more detail (repeat for debug logs)'
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and __fish_seen_subcommand_from allow" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and __fish_seen_subcommand_from overrides" -s a -l pacticipant -d 'Only this application\'s overrides' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and __fish_seen_subcommand_from overrides" -l environment -d 'Only this environment\'s overrides' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and __fish_seen_subcommand_from overrides" -s b -l broker-url -d 'Broker base URL [env: SHIPGATE_BROKER_URL, then PACT_BROKER_BASE_URL]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and __fish_seen_subcommand_from overrides" -s k -l broker-token -d 'Bearer token [env: SHIPGATE_BROKER_TOKEN, then PACT_BROKER_TOKEN]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and __fish_seen_subcommand_from overrides" -s u -l broker-username -d 'Basic auth user [env: SHIPGATE_BROKER_USERNAME, then PACT_BROKER_USERNAME]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and __fish_seen_subcommand_from overrides" -s p -l broker-password -d 'Basic auth password [env: SHIPGATE_BROKER_PASSWORD, then PACT_BROKER_PASSWORD]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and __fish_seen_subcommand_from overrides" -l timeout -d 'Give up on an HTTP request that has not been answered after this many seconds (decimals and `ms`/`s`/`m` suffixes work) [default: 30]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and __fish_seen_subcommand_from overrides" -l connect-timeout -d 'Give up connecting to a server after this many seconds [default: 10, at most --timeout]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and __fish_seen_subcommand_from overrides" -l config -d 'Path to shipgate.toml [default: found by walking up from the current directory]' -r -F
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and __fish_seen_subcommand_from overrides" -l format -d 'Output format for findings' -r -f -a "text\t'Human-readable, coloured on a terminal, with source lines and help'
json\t'Stable machine-readable JSON (schema in docs/output.md)'
github\t'GitHub Actions workflow commands (annotations on the PR)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports'
markdown\t'A compact Markdown table, for a PR comment'
gitlab\t'GitLab Code Quality JSON, for a merge request\'s `codequality` report'"
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and __fish_seen_subcommand_from overrides" -l fail-on -d 'Lowest level that makes the gate block (exit 1) [default: error]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and __fish_seen_subcommand_from overrides" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t''
never\t''"
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and __fish_seen_subcommand_from overrides" -l output-version -d 'Version of the output contract to write [default: 2]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and __fish_seen_subcommand_from overrides" -s q -l quiet -d 'Print only findings, no summary or progress'
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and __fish_seen_subcommand_from overrides" -s v -l verbose -d 'Print more detail (repeat for debug logs)'
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and __fish_seen_subcommand_from overrides" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipgate -n "__fish_shipgate_using_subcommand gate; and __fish_seen_subcommand_from overrides" -s V -l version -d 'Print version'
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and not __fish_seen_subcommand_from check record" -l config -d 'Path to shipgate.toml [default: found by walking up from the current directory]' -r -F
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and not __fish_seen_subcommand_from check record" -l format -d 'Output format for findings' -r -f -a "text\t'Human-readable, coloured on a terminal, with source lines and help'
json\t'Stable machine-readable JSON (schema in docs/output.md)'
github\t'GitHub Actions workflow commands (annotations on the PR)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports'
markdown\t'A compact Markdown table, for a PR comment'
gitlab\t'GitLab Code Quality JSON, for a merge request\'s `codequality` report'"
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and not __fish_seen_subcommand_from check record" -l fail-on -d 'Lowest level that makes the gate block (exit 1) [default: error]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and not __fish_seen_subcommand_from check record" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t''
never\t''"
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and not __fish_seen_subcommand_from check record" -l output-version -d 'Version of the output contract to write [default: 2]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and not __fish_seen_subcommand_from check record" -s q -l quiet -d 'Print only findings, no summary or progress'
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and not __fish_seen_subcommand_from check record" -s v -l verbose -d 'Print more detail (repeat for debug logs)'
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and not __fish_seen_subcommand_from check record" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and not __fish_seen_subcommand_from check record" -s V -l version -d 'Print version'
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and not __fish_seen_subcommand_from check record" -f -a "check" -d 'Gate a manifests pull request: can every version it changes be deployed, together?'
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and not __fish_seen_subcommand_from check record" -f -a "record" -d 'Make the broker\'s deployed versions match the manifests'
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and __fish_seen_subcommand_from check" -l base -d 'The revision to compare with, usually the pull request\'s base (`REV...`: the merge base of REV and HEAD)' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and __fish_seen_subcommand_from check" -l env -d 'An environment and the directory of its manifests (repeatable; default: [gitops.environments])' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and __fish_seen_subcommand_from check" -s b -l broker-url -d 'Broker base URL [env: SHIPGATE_BROKER_URL, then PACT_BROKER_BASE_URL]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and __fish_seen_subcommand_from check" -s k -l broker-token -d 'Bearer token [env: SHIPGATE_BROKER_TOKEN, then PACT_BROKER_TOKEN]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and __fish_seen_subcommand_from check" -s u -l broker-username -d 'Basic auth user [env: SHIPGATE_BROKER_USERNAME, then PACT_BROKER_USERNAME]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and __fish_seen_subcommand_from check" -s p -l broker-password -d 'Basic auth password [env: SHIPGATE_BROKER_PASSWORD, then PACT_BROKER_PASSWORD]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and __fish_seen_subcommand_from check" -l timeout -d 'Give up on an HTTP request that has not been answered after this many seconds (decimals and `ms`/`s`/`m` suffixes work) [default: 30]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and __fish_seen_subcommand_from check" -l connect-timeout -d 'Give up connecting to a server after this many seconds [default: 10, at most --timeout]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and __fish_seen_subcommand_from check" -l config -d 'Path to shipgate.toml [default: found by walking up from the current directory]' -r -F
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and __fish_seen_subcommand_from check" -l format -d 'Output format for findings' -r -f -a "text\t'Human-readable, coloured on a terminal, with source lines and help'
json\t'Stable machine-readable JSON (schema in docs/output.md)'
github\t'GitHub Actions workflow commands (annotations on the PR)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports'
markdown\t'A compact Markdown table, for a PR comment'
gitlab\t'GitLab Code Quality JSON, for a merge request\'s `codequality` report'"
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and __fish_seen_subcommand_from check" -l fail-on -d 'Lowest level that makes the gate block (exit 1) [default: error]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and __fish_seen_subcommand_from check" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t''
never\t''"
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and __fish_seen_subcommand_from check" -l output-version -d 'Version of the output contract to write [default: 2]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and __fish_seen_subcommand_from check" -l strict-api -d 'Let every error-level API change block, even one no deployed consumer relies on'
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Print only findings, no summary or progress'
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and __fish_seen_subcommand_from check" -s v -l verbose -d 'Print more detail (repeat for debug logs)'
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and __fish_seen_subcommand_from record" -l env -d 'An environment and the directory of its manifests (repeatable; default: [gitops.environments])' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and __fish_seen_subcommand_from record" -s b -l broker-url -d 'Broker base URL [env: SHIPGATE_BROKER_URL, then PACT_BROKER_BASE_URL]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and __fish_seen_subcommand_from record" -s k -l broker-token -d 'Bearer token [env: SHIPGATE_BROKER_TOKEN, then PACT_BROKER_TOKEN]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and __fish_seen_subcommand_from record" -s u -l broker-username -d 'Basic auth user [env: SHIPGATE_BROKER_USERNAME, then PACT_BROKER_USERNAME]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and __fish_seen_subcommand_from record" -s p -l broker-password -d 'Basic auth password [env: SHIPGATE_BROKER_PASSWORD, then PACT_BROKER_PASSWORD]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and __fish_seen_subcommand_from record" -l timeout -d 'Give up on an HTTP request that has not been answered after this many seconds (decimals and `ms`/`s`/`m` suffixes work) [default: 30]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and __fish_seen_subcommand_from record" -l connect-timeout -d 'Give up connecting to a server after this many seconds [default: 10, at most --timeout]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and __fish_seen_subcommand_from record" -l config -d 'Path to shipgate.toml [default: found by walking up from the current directory]' -r -F
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and __fish_seen_subcommand_from record" -l format -d 'Output format for findings' -r -f -a "text\t'Human-readable, coloured on a terminal, with source lines and help'
json\t'Stable machine-readable JSON (schema in docs/output.md)'
github\t'GitHub Actions workflow commands (annotations on the PR)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports'
markdown\t'A compact Markdown table, for a PR comment'
gitlab\t'GitLab Code Quality JSON, for a merge request\'s `codequality` report'"
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and __fish_seen_subcommand_from record" -l fail-on -d 'Lowest level that makes the gate block (exit 1) [default: error]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and __fish_seen_subcommand_from record" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t''
never\t''"
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and __fish_seen_subcommand_from record" -l output-version -d 'Version of the output contract to write [default: 2]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and __fish_seen_subcommand_from record" -l dry-run -d 'Print what would be recorded and undeployed, and change nothing'
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and __fish_seen_subcommand_from record" -s q -l quiet -d 'Print only findings, no summary or progress'
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and __fish_seen_subcommand_from record" -s v -l verbose -d 'Print more detail (repeat for debug logs)'
complete -c shipgate -n "__fish_shipgate_using_subcommand gitops; and __fish_seen_subcommand_from record" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipgate -n "__fish_shipgate_using_subcommand completions" -l config -d 'Path to shipgate.toml [default: found by walking up from the current directory]' -r -F
complete -c shipgate -n "__fish_shipgate_using_subcommand completions" -l format -d 'Output format for findings' -r -f -a "text\t'Human-readable, coloured on a terminal, with source lines and help'
json\t'Stable machine-readable JSON (schema in docs/output.md)'
github\t'GitHub Actions workflow commands (annotations on the PR)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML, for CI test reports'
markdown\t'A compact Markdown table, for a PR comment'
gitlab\t'GitLab Code Quality JSON, for a merge request\'s `codequality` report'"
complete -c shipgate -n "__fish_shipgate_using_subcommand completions" -l fail-on -d 'Lowest level that makes the gate block (exit 1) [default: error]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand completions" -l color -d 'When to colour output' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t''
never\t''"
complete -c shipgate -n "__fish_shipgate_using_subcommand completions" -l output-version -d 'Version of the output contract to write [default: 2]' -r
complete -c shipgate -n "__fish_shipgate_using_subcommand completions" -s q -l quiet -d 'Print only findings, no summary or progress'
complete -c shipgate -n "__fish_shipgate_using_subcommand completions" -s v -l verbose -d 'Print more detail (repeat for debug logs)'
complete -c shipgate -n "__fish_shipgate_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipgate -n "__fish_shipgate_using_subcommand completions" -s V -l version -d 'Print version'
