charter init -o refuses-to-overwrite.cmd
