charter render - --on 2027-06-30 --format markdown
