charter validate --format github 'q1,2026:100%.charter.yaml'
