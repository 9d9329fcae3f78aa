" SegPlan network segmentation plans.
autocmd BufRead,BufNewFile *.segplan setfiletype segplan
